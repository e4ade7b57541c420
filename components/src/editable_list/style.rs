//! The list's stylesheet: the theme's `--yo-*` variables (see [`theme`](crate::theme)),
//! with the light theme's values as fallbacks.

use stylist::{css, StyleSource};

/// The styles of an [`EditableList`](super::EditableList) and its rows.
#[allow(
    clippy::too_many_lines,
    reason = "a stylesheet: its lines are CSS text, not steps (split into sheet! parts it cost +2.4 KB gzip)"
)]
pub(super) fn list() -> StyleSource {
    css!(
        r#"
    box-sizing: border-box;
    width: 100%;
    max-width: 40rem;
    padding: 1rem;
    border: 1px solid var(--yo-border, #d8dde5);
    border-radius: 12px;
    background: var(--yo-surface, #fff);
    color: var(--yo-text, #1d2430);
    box-shadow: var(--yo-shadow, 0 1px 2px rgba(16,24,40,.08));
    font-family: inherit;
    font-size: 0.95rem;

    button, input { font: inherit; color: inherit; }
    button:focus-visible, input:focus-visible, .yo-row:focus-visible {
        outline: 2px solid var(--yo-focus, #b45309);
        outline-offset: 2px;
    }

    .yo-add { display: flex; gap: 0.5rem; margin-bottom: 0.75rem; }
    .yo-add-input {
        flex: 1;
        min-width: 0;
        padding: 0.5rem 0.7rem;
        border: 1px solid var(--yo-control-border, #7a8494);
        border-radius: 8px;
        background: var(--yo-surface-2, #f1f3f6);
    }
    .yo-add-input:focus { border-color: var(--yo-accent, #3158d4); background: var(--yo-surface, #fff); }
    .yo-primary {
        padding: 0.5rem 1rem;
        border: none;
        border-radius: 8px;
        background: var(--yo-accent, #3158d4);
        color: var(--yo-accent-text, #fff);
        font-weight: 600;
        cursor: pointer;
    }
    .yo-primary:hover { filter: brightness(1.08); }
    .yo-primary[aria-disabled="true"] { opacity: 0.55; cursor: not-allowed; }

    .yo-rows { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 0.35rem; }
    .yo-row {
        border: 1px solid transparent;
        border-radius: 8px;
        background: var(--yo-surface, #fff);
        transition: background-color 120ms ease, opacity 120ms ease;
    }
    .yo-row:hover, .yo-row:focus-within { background: var(--yo-surface-2, #f1f3f6); }
    .yo-row[data-state="pending"] { border: 1px dashed var(--yo-pending-text, #7a4b00); }
    .yo-row[data-state="pending"] .yo-title { font-style: italic; }
    .yo-row[data-state="failed"] {
        border-color: var(--yo-error-text, #9b1c1c);
        box-shadow: inset 4px 0 0 var(--yo-error-text, #9b1c1c);
    }
    .yo-ghost .yo-title { font-style: italic; color: var(--yo-muted, #5b6575); }
    /* On a narrow screen the mark and the buttons wrap under the title rather than
       squeezing it to a letter a line. */
    .yo-row-main { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; padding: 0.35rem 0.5rem; min-height: 2.25rem; }
    /* 20 px, and nothing else within 2 px: a 24 px target (WCAG 2.2, 2.5.8). */
    .yo-check { width: 1.25rem; height: 1.25rem; margin: 0 0.125rem; flex: none; accent-color: var(--yo-accent, #3158d4); cursor: pointer; }
    .yo-title {
        flex: 1 1 8rem;
        min-width: 0;
        padding: 0.25rem 0.35rem;
        border: none;
        border-radius: 6px;
        background: none;
        text-align: left;
        overflow-wrap: anywhere;
        white-space: pre-wrap;
        cursor: text;
    }
    .yo-done .yo-title { text-decoration: line-through; color: var(--yo-muted, #5b6575); }
    .yo-edit {
        flex: 1 1 8rem;
        min-width: 0;
        padding: 0.25rem 0.35rem;
        border: 1px solid var(--yo-accent, #3158d4);
        border-radius: 6px;
        background: var(--yo-surface, #fff);
    }
    .yo-row-actions { display: inline-flex; gap: 0.15rem; margin-left: auto; }
    .yo-icon {
        width: 1.9rem;
        height: 1.9rem;
        border: none;
        border-radius: 6px;
        background: none;
        cursor: pointer;
        line-height: 1;
    }
    .yo-icon:hover { background: var(--yo-border, #d8dde5); }
    .yo-icon[aria-disabled="true"] { opacity: 0.35; cursor: default; background: none; }
    .yo-delete:hover { background: var(--yo-error-bg, #fde8e8); color: var(--yo-error-text, #9b1c1c); }

    .yo-row-error {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        margin: 0 0.5rem 0.4rem 2.1rem;
        padding: 0.35rem 0.6rem;
        border-radius: 6px;
        background: var(--yo-error-bg, #fde8e8);
        color: var(--yo-error-text, #9b1c1c);
        font-size: 0.85rem;
    }
    .yo-row-note:empty { display: none; }
    .yo-row-note {
        margin: 0 0.5rem 0.4rem 2.1rem;
        font-size: 0.8rem;
        color: var(--yo-pending-text, #7a4b00);
    }
    .yo-row-error-text { flex: 1; min-width: 10rem; overflow-wrap: anywhere; }
    .yo-link {
        min-height: 1.5rem;
        min-width: 1.5rem;
        padding: 0.15rem 0.5rem;
        border: 1px solid currentColor;
        border-radius: 6px;
        background: none;
        font-size: 0.8rem;
        font-weight: 600;
        cursor: pointer;
    }
    .yo-link:hover { background: var(--yo-surface, #fff); }

    .yo-status { margin: 0.75rem 0 0; color: var(--yo-muted, #5b6575); font-size: 0.85rem; }
    .yo-keys { margin: 0.35rem 0 0; color: var(--yo-muted, #5b6575); font-size: 0.8rem; }
    .yo-empty { padding: 1.5rem 0.5rem; text-align: center; color: var(--yo-muted, #5b6575); }
    .yo-error {
        display: flex; align-items: center; gap: 0.75rem; flex-wrap: wrap;
        padding: 0.75rem; border-radius: 8px;
        background: var(--yo-error-bg, #fde8e8); color: var(--yo-error-text, #9b1c1c);
    }
    .yo-error p { margin: 0; flex: 1; }
    .yo-skeleton { display: flex; flex-direction: column; gap: 0.5rem; }
    .yo-skeleton-bar {
        height: 2.25rem;
        border-radius: 8px;
        background: linear-gradient(90deg, var(--yo-surface-2, #f1f3f6) 25%, var(--yo-border, #d8dde5) 50%, var(--yo-surface-2, #f1f3f6) 75%);
        background-size: 200% 100%;
        animation: yo-shimmer 1.4s ease-in-out infinite;
    }
    @keyframes yo-shimmer { from { background-position: 200% 0; } to { background-position: -200% 0; } }
    @media (prefers-reduced-motion: reduce) {
        .yo-skeleton-bar { animation: none; }
        .yo-row { transition: none; }
    }
    "#
    )
}
