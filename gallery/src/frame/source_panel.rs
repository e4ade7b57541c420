//! The story's own source: the files that are compiled, with a copy button.

use yew::prelude::*;
use yew_hooks::use_clipboard;

use crate::stories::SourceFile;

/// Props of [`SourcePanel`].
#[derive(Properties, PartialEq)]
pub struct SourcePanelProps {
    /// The story's own file first (if it has one), then the page's `demo.rs` and
    /// `mutation.rs`.
    pub files: Vec<SourceFile>,
}

/// A `<pre><code>` panel with a tab per file and a copy button.
#[component]
pub fn SourcePanel(props: &SourcePanelProps) -> Html {
    let selected = use_state(|| 0_usize);
    let clipboard = use_clipboard();
    let copied_from = use_state(|| None::<usize>);
    let index = (*selected).min(props.files.len().saturating_sub(1));
    let Some(file) = props.files.get(index).copied() else {
        return html! {};
    };
    let tabs = props.files.iter().enumerate().map(|(i, f)| {
        let onclick = {
            let selected = selected.clone();
            Callback::from(move |_: MouseEvent| selected.set(i))
        };
        html! {
            <button type="button" role="tab" aria-selected={(i == index).to_string()} {onclick}>{ f.name }</button>
        }
    });
    let on_copy = {
        let clipboard = clipboard.clone();
        let copied_from = copied_from.clone();
        Callback::from(move |_: MouseEvent| {
            clipboard.write_text(file.text.to_owned());
            copied_from.set(Some(index));
        })
    };
    let copied = *copied_from == Some(index) && *clipboard.copied;
    html! {
        <section class="panel source" aria-label="Source">
            <div class="source-bar">
                <div role="tablist" class="file-tabs">{ for tabs }</div>
                <button type="button" class="copy" data-control="copy-source" onclick={on_copy}>
                    { if copied { "Copied ✓" } else { "Copy" } }
                </button>
            </div>
            // Focusable, so a keyboard user can scroll the code.
            <pre data-file={file.name} tabindex="0" aria-label={file.name}><code class="language-rust">{ file.text }</code></pre>
        </section>
    }
}
