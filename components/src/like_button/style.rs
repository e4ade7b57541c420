//! The like button's stylesheet: the theme's `--yo-*` variables (and `--yo-like`,
//! default `#e0245e`), with the light theme's values as fallbacks.

use stylist::{css, StyleSource};

/// The styles of a [`LikeButton`](super::LikeButton).
#[allow(
    clippy::too_many_lines,
    reason = "a stylesheet: its lines are CSS text, not steps (split into sheet! parts it cost +2.4 KB gzip)"
)]
pub(super) fn button() -> StyleSource {
    css!(
        r#"
    display: inline-flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 0.5rem;
    font-family: inherit;

    .yo-like {
        position: relative;
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
        min-height: 2.25rem;
        padding: 0.3rem 0.8rem 0.3rem 0.6rem;
        border-radius: 999px;
        border: 1px solid var(--yo-control-border, #7a8494);
        background: var(--yo-surface, #ffffff);
        color: var(--yo-muted, #5b6575);
        box-shadow: var(--yo-shadow, 0 1px 2px rgba(16,24,40,.08));
        font: inherit;
        font-weight: 600;
        font-variant-numeric: tabular-nums;
        cursor: pointer;
        transition: background-color 120ms ease, border-color 120ms ease, color 120ms ease, transform 80ms ease;
    }
    .yo-like:hover:not(:disabled) {
        border-color: var(--yo-like, #e0245e);
        color: var(--yo-like, #e0245e);
    }
    .yo-like:active:not(:disabled) { transform: scale(0.96); }
    .yo-like:focus-visible {
        outline: 3px solid var(--yo-focus, #b45309);
        outline-offset: 2px;
    }
    .yo-like:disabled { cursor: progress; opacity: 0.75; }
    .yo-like[aria-pressed="true"] {
        color: var(--yo-like, #e0245e);
        border-color: var(--yo-like, #e0245e);
        background: var(--yo-like-bg, rgba(224, 36, 94, 0.08));
    }
    .yo-like[data-state="failed"] { border-color: var(--yo-error-text, #9b1c1c); }

    .yo-like-icon {
        position: relative;
        display: inline-flex;
        width: 1.15rem;
        height: 1.15rem;
    }
    .yo-like-icon svg { width: 100%; height: 100%; overflow: visible; }
    .yo-like-icon path {
        fill: transparent;
        stroke: currentColor;
        stroke-width: 2;
        transition: fill 120ms ease;
    }
    .yo-like[aria-pressed="true"] .yo-like-icon path { fill: currentColor; }
    .yo-like[aria-pressed="true"] .yo-like-icon svg { animation: yo-like-pop 260ms ease-out; }

    .yo-like-spinner {
        position: absolute;
        inset: -0.3rem;
        border-radius: 50%;
        border: 2px solid transparent;
        border-top-color: currentColor;
        opacity: 0;
        animation: yo-like-spin 700ms linear infinite, yo-like-appear 1ms linear 150ms forwards;
    }

    .yo-like-count {
        display: inline-block;
        min-width: 1.5ch;
        overflow: hidden;
        text-align: left;
    }
    .yo-like-count > span { display: inline-block; }
    .yo-like-count > span[data-dir="up"] { animation: yo-like-up 180ms ease-out; }
    .yo-like-count > span[data-dir="down"] { animation: yo-like-down 180ms ease-out; }
    .yo-like-skeleton {
        display: inline-block;
        width: 2ch;
        height: 0.9em;
        border-radius: 4px;
        vertical-align: middle;
        background: linear-gradient(90deg, var(--yo-surface-2, #f1f3f6) 25%, var(--yo-border, #d8dde5) 50%, var(--yo-surface-2, #f1f3f6) 75%);
        background-size: 200% 100%;
        animation: yo-like-shimmer 1.2s ease-in-out infinite;
    }

    .yo-like-error {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
        padding: 0.15rem 0.5rem;
        border-radius: 6px;
        font-size: 0.8rem;
        color: var(--yo-error-text, #9b1c1c);
        background: var(--yo-error-bg, #fde8e8);
    }
    .yo-like-error button {
        min-height: 1.5rem;
        border: none;
        background: none;
        padding: 0;
        color: inherit;
        font: inherit;
        font-weight: 600;
        text-decoration: underline;
        cursor: pointer;
    }
    .yo-like-note:empty { display: none; }
    .yo-like-note {
        font-size: 0.8rem;
        padding: 0.15rem 0.5rem;
        border-radius: 6px;
        color: var(--yo-pending-text, #7a4b00);
        background: var(--yo-held-bg, #ffe2b8);
    }
    .yo-like-action {
        min-height: 1.5rem;
        border: none;
        background: none;
        padding: 0;
        color: var(--yo-pending-text, #7a4b00);
        font: inherit;
        font-size: 0.8rem;
        font-weight: 600;
        text-decoration: underline;
        cursor: pointer;
    }
    .yo-like-action:focus-visible,
    .yo-like-error button:focus-visible {
        outline: 2px solid var(--yo-focus, #b45309);
        outline-offset: 2px;
    }

    .yo-sr-only {
        position: absolute;
        width: 1px;
        height: 1px;
        padding: 0;
        margin: -1px;
        overflow: hidden;
        clip: rect(0, 0, 0, 0);
        white-space: nowrap;
        border: 0;
    }

    @keyframes yo-like-pop {
        0% { transform: scale(1); }
        45% { transform: scale(1.3); }
        100% { transform: scale(1); }
    }
    @keyframes yo-like-spin { to { transform: rotate(360deg); } }
    @keyframes yo-like-appear { to { opacity: 0.6; } }
    @keyframes yo-like-up {
        from { transform: translateY(70%); opacity: 0; }
        to { transform: translateY(0); opacity: 1; }
    }
    @keyframes yo-like-down {
        from { transform: translateY(-70%); opacity: 0; }
        to { transform: translateY(0); opacity: 1; }
    }
    @keyframes yo-like-shimmer {
        from { background-position: 100% 0; }
        to { background-position: -100% 0; }
    }
    @media (prefers-reduced-motion: reduce) {
        .yo-like, .yo-like-icon svg, .yo-like-count > span, .yo-like-skeleton { animation: none; transition: none; }
        .yo-like-spinner { animation: yo-like-appear 1ms linear 150ms forwards; }
    }
    "#
    )
}
