//! The board's stylesheets: the theme's `--yo-*` variables (see [`theme`](crate::theme)),
//! with the light theme's values as fallbacks.

use stylist::{css, StyleSource};

/// The board: toolbar, the row of columns, notices.
pub(super) fn board() -> StyleSource {
    css!(
        r#"
    display: flex;
    flex-direction: column;
    gap: 0.75rem;
    min-width: 0;
    color: var(--yo-text, #1d2430);
    .toolbar {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        min-height: 1.75rem;
    }
    h2 { margin: 0; font-size: 1.15rem; font-weight: 700; }
    .columns {
        display: flex;
        align-items: flex-start;
        gap: 0.9rem;
        overflow-x: auto;
        padding: 0.25rem 0.1rem 0.75rem;
        scroll-snap-type: x proximity;
        -webkit-overflow-scrolling: touch;
    }
    .sr-only {
        position: absolute;
        width: 1px;
        height: 1px;
        padding: 0;
        margin: -1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
        border: 0;
    }
    .notice {
        margin: 0;
        padding: 0.75rem 1rem;
        border-radius: 10px;
        border: 1px solid var(--yo-border, #d8dde5);
        background: var(--yo-surface, #ffffff);
    }
    .notice[data-kind="error"] {
        color: var(--yo-error-text, #9b1c1c);
        background: var(--yo-error-bg, #fde8e8);
        border-color: var(--yo-error-text, #9b1c1c);
    }
    .keys { margin: 0; font-size: 0.8rem; color: var(--yo-muted, #5b6575); }
    .notice button {
        min-height: 1.5rem;
        margin-left: 0.75rem;
        font: inherit;
        padding: 0.2rem 0.6rem;
        border-radius: 6px;
        border: 1px solid currentColor;
        background: transparent;
        color: inherit;
        cursor: pointer;
    }
    "#
    )
}

/// One column: header, cards, drop indicator, add form.
#[allow(
    clippy::too_many_lines,
    reason = "a stylesheet: its lines are CSS text, not steps (split into sheet! parts it cost +2.4 KB gzip)"
)]
pub(super) fn column() -> StyleSource {
    css!(
        r#"
    flex: 0 0 18rem;
    max-width: 18rem;
    display: flex;
    flex-direction: column;
    max-height: min(80vh, 48rem);
    border: 1px solid var(--yo-border, #d8dde5);
    border-radius: 12px;
    background: var(--yo-surface-2, #f1f3f6);
    scroll-snap-align: start;
    &[data-drop-target="true"] {
        border-color: var(--yo-accent, #3158d4);
        box-shadow: 0 0 0 2px var(--yo-accent, #3158d4) inset;
    }
    header {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        padding: 0.65rem 0.8rem 0.4rem;
    }
    h3 {
        margin: 0;
        font-size: 0.95rem;
        font-weight: 650;
        flex: 1;
        overflow-wrap: anywhere;
    }
    .count {
        min-width: 1.5rem;
        padding: 0 0.45rem;
        border-radius: 999px;
        text-align: center;
        font-size: 0.75rem;
        font-weight: 600;
        line-height: 1.4rem;
        color: var(--yo-muted, #5b6575);
        background: var(--yo-surface, #ffffff);
        border: 1px solid var(--yo-border, #d8dde5);
    }
    .refreshing { font-size: 0.72rem; color: var(--yo-muted, #5b6575); }
    ul {
        list-style: none;
        margin: 0;
        padding: 0.35rem 0.6rem 0.6rem;
        display: flex;
        flex-direction: column;
        gap: 0.5rem;
        min-height: 3rem;
        overflow-y: auto;
    }
    .indicator {
        height: 3px;
        margin: -0.2rem 0;
        border-radius: 2px;
        background: var(--yo-accent, #3158d4);
        box-shadow: 0 0 0 1px var(--yo-surface, #ffffff);
    }
    .loading { padding: 0 0.6rem 0.6rem; display: grid; gap: 0.5rem; }
    .note {
        margin: 0 0.6rem 0.6rem;
        padding: 0.75rem;
        border: 1px dashed var(--yo-border, #d8dde5);
        border-radius: 8px;
        font-size: 0.85rem;
        color: var(--yo-muted, #5b6575);
        text-align: center;
    }
    .skeleton {
        height: 2.4rem;
        border-radius: 8px;
        background: linear-gradient(90deg, var(--yo-surface, #fff), var(--yo-border, #d8dde5), var(--yo-surface, #fff));
        background-size: 200% 100%;
        animation: yo-kanban-shimmer 1.2s linear infinite;
    }
    @keyframes yo-kanban-shimmer { from { background-position: 200% 0; } to { background-position: 0 0; } }
    @media (prefers-reduced-motion: reduce) { .skeleton { animation: none; } }
    .error {
        margin: 0 0.6rem 0.5rem;
        padding: 0.5rem 0.6rem;
        border-radius: 8px;
        font-size: 0.85rem;
        color: var(--yo-error-text, #9b1c1c);
        background: var(--yo-error-bg, #fde8e8);
    }
    .error button, footer button {
        min-height: 1.5rem;
        font: inherit;
        font-size: 0.8rem;
        padding: 0.25rem 0.6rem;
        border-radius: 6px;
        border: 1px solid var(--yo-control-border, #7a8494);
        background: var(--yo-surface, #ffffff);
        color: inherit;
        cursor: pointer;
    }
    footer {
        display: flex;
        gap: 0.4rem;
        padding: 0.5rem 0.6rem 0.65rem;
        border-top: 1px solid var(--yo-border, #d8dde5);
    }
    footer input {
        flex: 1;
        min-width: 0;
        font: inherit;
        font-size: 0.85rem;
        padding: 0.3rem 0.45rem;
        border-radius: 6px;
        border: 1px solid var(--yo-control-border, #7a8494);
        background: var(--yo-surface, #ffffff);
        color: inherit;
    }
    footer button {
        background: var(--yo-accent, #3158d4);
        color: var(--yo-accent-text, #ffffff);
        border-color: transparent;
    }
    /* On a phone a column takes the scroller's width less a peek of the next one. */
    @media (max-width: 640px) {
        flex-basis: calc(100% - 2rem);
        max-width: calc(100% - 2rem);
    }
    "#
    )
}

/// One card.
#[allow(
    clippy::too_many_lines,
    reason = "a stylesheet: its lines are CSS text, not steps (split into sheet! parts it cost +2.4 KB gzip)"
)]
pub(super) fn card() -> StyleSource {
    css!(
        r#"
    position: relative;
    display: flex;
    flex-direction: column;
    gap: 0.35rem;
    padding: 0.55rem 0.65rem;
    border: 1px solid var(--yo-control-border, #7a8494);
    border-radius: 8px;
    background: var(--yo-surface, #ffffff);
    color: var(--yo-text, #1d2430);
    box-shadow: var(--yo-shadow, 0 1px 2px rgba(16,24,40,.08));
    cursor: grab;
    transition: box-shadow 120ms ease, opacity 120ms ease;
    &:focus-visible {
        outline: 3px solid var(--yo-focus, #b45309);
        outline-offset: 2px;
    }
    &[data-state="pending"] {
        border-style: dashed;
        border-color: var(--yo-pending-text, #7a4b00);
    }
    &[data-state="failed"] {
        border-color: var(--yo-error-text, #9b1c1c);
        background: var(--yo-error-bg, #fde8e8);
    }
    &[data-grabbed="true"] {
        outline: 3px solid var(--yo-accent, #3158d4);
        outline-offset: 1px;
        box-shadow: 0 8px 20px rgba(16,24,40,.18);
    }
    &[data-dragging="true"] { opacity: 0.45; }
    .row { display: flex; align-items: flex-start; gap: 0.5rem; }
    .title {
        flex: 1;
        min-width: 0;
        overflow-wrap: anywhere;
        line-height: 1.35;
    }
    .edit {
        flex: 1;
        min-width: 0;
        font: inherit;
        padding: 0.2rem 0.35rem;
        border: 1px solid var(--yo-accent, #3158d4);
        border-radius: 4px;
        background: var(--yo-surface, #ffffff);
        color: inherit;
    }
    .actions {
        display: flex;
        gap: 0.25rem;
        justify-content: flex-end;
    }
    .actions button, .failure button {
        min-width: 1.5rem;
        min-height: 1.5rem;
        font: inherit;
        font-size: 0.75rem;
        padding: 0.1rem 0.45rem;
        border-radius: 4px;
        border: 1px solid var(--yo-control-border, #7a8494);
        background: var(--yo-surface-2, #f1f3f6);
        color: inherit;
        cursor: pointer;
    }
    .actions button:disabled { opacity: 0.4; cursor: default; }
    .failure {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.35rem;
        font-size: 0.8rem;
        color: var(--yo-error-text, #9b1c1c);
    }
    .failure p { margin: 0; flex-basis: 100%; }
    .held {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.35rem;
        font-size: 0.8rem;
        color: var(--yo-pending-text, #7a4b00);
    }
    .held:has(.note:empty) { display: none; }
    .held p { margin: 0; flex-basis: 100%; }
    .held button {
        min-height: 1.5rem;
        font: inherit;
        font-size: 0.75rem;
        padding: 0.1rem 0.45rem;
        border-radius: 4px;
        border: 1px solid var(--yo-control-border, #7a8494);
        background: var(--yo-surface-2, #f1f3f6);
        color: inherit;
        cursor: pointer;
    }
    @media (prefers-reduced-motion: reduce) {
        transition: none;
    }
    "#
    )
}
