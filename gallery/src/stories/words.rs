//! The components' words in the languages the `lang` arg offers: what an app that
//! translates the components writes (the strings props take these structs).

use std::rc::Rc;

use yew_optimistic::editable_list::ListStrings;
use yew_optimistic::kanban::BoardStrings;
use yew_optimistic::like_button::LikeStrings;

/// The editable list's words in `lang` (`en`, `fr`, `de`).
pub fn list(lang: &str) -> Rc<ListStrings> {
    translated(lang, list_fr, list_de)
}

/// The like button's words in `lang`.
pub fn like(lang: &str) -> Rc<LikeStrings> {
    translated(lang, like_fr, like_de)
}

/// The like button's accessible name in `lang`.
pub fn like_label(lang: &str) -> &'static str {
    match lang {
        "fr" => "J’aime",
        "de" => "Gefällt mir",
        _ => "Like",
    }
}

/// The kanban board's words in `lang`.
pub fn board(lang: &str) -> Rc<BoardStrings> {
    translated(lang, board_fr, board_de)
}

/// `S`'s own words (English), or for `fr` and `de` what `french` and `german` write over
/// them.
fn translated<S: Default>(lang: &str, french: fn(S) -> S, german: fn(S) -> S) -> Rc<S> {
    let en = S::default();
    Rc::new(match lang {
        "fr" => french(en),
        "de" => german(en),
        _ => en,
    })
}

/// The editable list's words in French, over the English `en`.
fn list_fr(en: ListStrings) -> ListStrings {
    ListStrings {
        loading: "Chargement…".into(),
        load_error: "Impossible de charger la liste : {error}".into(),
        refresh_error: "Impossible d’actualiser la liste : {error}".into(),
        retry: "Réessayer".into(),
        add_label: "Nouvel article".into(),
        add_placeholder: "Ajouter un article…".into(),
        add_button: "Ajouter".into(),
        empty: "Rien pour l’instant. Ajoutez le premier article ci-dessus.".into(),
        summary: "{done} sur {total} faits".into(),
        saving_changes: " · {count} modification(s) en cours…".into(),
        toggle_label: "Fait : {title}".into(),
        rename_hint: "Renommer : clic, Entrée ou F2".into(),
        rename_label: "Renommer {title}".into(),
        move_up: "Monter {title}".into(),
        move_down: "Descendre {title}".into(),
        delete: "Supprimer {title}".into(),
        refused: "Échec ({change}) : {reason}".into(),
        retry_change: "Réessayer".into(),
        dismiss: "Ignorer".into(),
        change_add: "ajout de « {title} »".into(),
        change_rename: "renommage en « {title} »".into(),
        change_tick: "cocher".into(),
        change_untick: "décocher".into(),
        change_delete: "suppression".into(),
        change_move: "déplacement".into(),
        saving: "Envoi…".into(),
        not_saved: "Non enregistré".into(),
        shortcuts:
            "Touches : Alt+↑ / Alt+↓ déplacent une ligne · Entrée ou F2 renomme · Espace coche"
                .into(),
        ..en
    }
}

/// The editable list's words in German, over the English `en`.
fn list_de(en: ListStrings) -> ListStrings {
    ListStrings {
        loading: "Wird geladen…".into(),
        load_error: "Die Liste konnte nicht geladen werden: {error}".into(),
        refresh_error: "Die Liste konnte nicht aktualisiert werden: {error}".into(),
        retry: "Erneut versuchen".into(),
        add_label: "Neuer Eintrag".into(),
        add_placeholder: "Eintrag hinzufügen…".into(),
        add_button: "Hinzufügen".into(),
        empty: "Noch nichts hier. Fügen Sie oben den ersten Eintrag hinzu.".into(),
        summary: "{done} von {total} erledigt".into(),
        saving_changes: " · {count} Änderung(en) werden gespeichert…".into(),
        toggle_label: "Erledigt: {title}".into(),
        rename_hint: "Umbenennen: Klick, Eingabe oder F2".into(),
        rename_label: "{title} umbenennen".into(),
        move_up: "{title} nach oben".into(),
        move_down: "{title} nach unten".into(),
        delete: "{title} löschen".into(),
        refused: "Fehlgeschlagen ({change}): {reason}".into(),
        retry_change: "Wiederholen".into(),
        dismiss: "Verwerfen".into(),
        change_add: "„{title}“ hinzufügen".into(),
        change_rename: "in „{title}“ umbenennen".into(),
        change_tick: "abhaken".into(),
        change_untick: "Haken entfernen".into(),
        change_delete: "löschen".into(),
        change_move: "verschieben".into(),
        saving: "Speichern…".into(),
        not_saved: "Nicht gespeichert".into(),
        shortcuts:
            "Tasten: Alt+↑ / Alt+↓ verschieben · Eingabe oder F2 benennt um · Leertaste hakt ab"
                .into(),
        ..en
    }
}

/// The like button's words in French, over the English `en`.
fn like_fr(en: LikeStrings) -> LikeStrings {
    LikeStrings {
        saving: "Envoi…".into(),
        refused_like: "Impossible d’enregistrer votre j’aime.".into(),
        refused_unlike: "Impossible de retirer votre j’aime.".into(),
        load_failed: "Impossible de charger les j’aime.".into(),
        retry: "Réessayer".into(),
        reload: "Recharger".into(),
        ..en
    }
}

/// The like button's words in German, over the English `en`.
fn like_de(en: LikeStrings) -> LikeStrings {
    LikeStrings {
        saving: "Speichern…".into(),
        refused_like: "Ihr Like konnte nicht gespeichert werden.".into(),
        refused_unlike: "Ihr Like konnte nicht entfernt werden.".into(),
        load_failed: "Likes konnten nicht geladen werden.".into(),
        retry: "Wiederholen".into(),
        reload: "Neu laden".into(),
        ..en
    }
}

/// The kanban board's words in French, over the English `en`.
fn board_fr(en: BoardStrings) -> BoardStrings {
    BoardStrings {
        loading_board: "Chargement du tableau…".into(),
        try_again: "Réessayer".into(),
        loading_cards: "Chargement des cartes…".into(),
        empty_column: "Aucune carte. Déposez-en une ici ou ajoutez-en une ci-dessous.".into(),
        card_count: "{count} cartes".into(),
        add_placeholder: "Ajouter une carte…".into(),
        add_label: "Nouvelle carte dans « {column} »".into(),
        add_button: "Ajouter".into(),
        keyboard_help: "Espace ou Entrée prend une carte, les flèches la déplacent, Espace la pose, Échap annule. F2 la renomme."
            .into(),
        shortcuts: "Sur une carte : Espace prend et pose · flèches déplacent · Échap annule · F2 renomme"
            .into(),
        card_role: "carte déplaçable".into(),
        rename: "Renommer « {title} »".into(),
        move_left: "Déplacer « {title} » vers la colonne précédente".into(),
        move_right: "Déplacer « {title} » vers la colonne suivante".into(),
        save: "Enregistrer".into(),
        cancel: "Annuler".into(),
        retry: "Réessayer".into(),
        dismiss: "Ignorer".into(),
        saving: "Envoi…".into(),
        not_saved: "Non enregistré".into(),
        move_refused: "Déplacement vers « {to} » impossible : {reason}".into(),
        saving_one: "1 modification en cours…".into(),
        saving_many: "{count} modifications en cours…".into(),
        refused_one: "1 modification non enregistrée".into(),
        refused_many: "{count} modifications non enregistrées".into(),
        all_saved: "Tout est enregistré".into(),
        ..en
    }
}

/// The kanban board's words in German, over the English `en`.
fn board_de(en: BoardStrings) -> BoardStrings {
    BoardStrings {
        loading_board: "Board wird geladen…".into(),
        try_again: "Erneut versuchen".into(),
        loading_cards: "Karten werden geladen…".into(),
        empty_column: "Noch keine Karten. Hier ablegen oder unten hinzufügen.".into(),
        card_count: "{count} Karten".into(),
        add_placeholder: "Karte hinzufügen…".into(),
        add_label: "Neue Karte in „{column}“".into(),
        add_button: "Hinzufügen".into(),
        keyboard_help: "Leertaste oder Eingabe nimmt eine Karte auf, die Pfeiltasten bewegen sie, Leertaste legt sie ab, Escape bricht ab. F2 benennt um."
            .into(),
        shortcuts: "Auf einer Karte: Leertaste nimmt auf und legt ab · Pfeile bewegen · Esc bricht ab · F2 benennt um"
            .into(),
        card_role: "verschiebbare Karte".into(),
        rename: "„{title}“ umbenennen".into(),
        move_left: "„{title}“ in die vorige Spalte".into(),
        move_right: "„{title}“ in die nächste Spalte".into(),
        save: "Speichern".into(),
        cancel: "Abbrechen".into(),
        retry: "Wiederholen".into(),
        dismiss: "Verwerfen".into(),
        saving: "Speichern…".into(),
        not_saved: "Nicht gespeichert".into(),
        move_refused: "Verschieben nach „{to}“ fehlgeschlagen: {reason}".into(),
        saving_one: "1 Änderung wird gespeichert…".into(),
        saving_many: "{count} Änderungen werden gespeichert…".into(),
        refused_one: "1 Änderung nicht gespeichert".into(),
        refused_many: "{count} Änderungen nicht gespeichert".into(),
        all_saved: "Alles gespeichert".into(),
        ..en
    }
}
