//! The words of notification mails: one Fluent catalog per language,
//! `crates/mail/i18n/{en,fr}/mail.ftl`, compiled into the binary and parsed
//! once. Both catalogs have the same ids, which the tests check.

use std::cell::RefCell;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use guichet_domain::preferences::Language;
use unic_langid::LanguageIdentifier;

/// Each language's catalog source.
const SOURCES: [(Language, &str); 2] = [
    (Language::En, include_str!("../../i18n/en/mail.ftl")),
    (Language::Fr, include_str!("../../i18n/fr/mail.ftl")),
];

/// Both catalogs, parsed.
pub struct Catalogs {
    bundles: Vec<(Language, FluentBundle<FluentResource>)>,
}

impl std::fmt::Debug for Catalogs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogs").finish_non_exhaustive()
    }
}

impl Catalogs {
    /// The catalogs, parsed at first use. A catalog that does not parse is
    /// a bug the tests catch, and panics here.
    pub fn get() -> &'static Catalogs {
        static CATALOGS: OnceLock<Catalogs> = OnceLock::new();
        CATALOGS.get_or_init(Self::load)
    }

    fn load() -> Self {
        let bundles = SOURCES
            .iter()
            .map(|(language, source)| (*language, bundle(*language, source)))
            .collect();
        Self { bundles }
    }

    /// Message `id` in `language`, with `args`; or why it cannot be
    /// formatted (no such message, a missing argument).
    pub fn format(&self, language: Language, id: &str, args: &[(&str, &str)]) -> Result<String, String> {
        let bundle = self
            .bundles
            .iter()
            .find(|(l, _)| *l == language)
            .map(|(_, b)| b)
            .ok_or_else(|| format!("no catalog in {language}"))?;
        let pattern = bundle
            .get_message(id)
            .and_then(|m| m.value())
            .ok_or_else(|| format!("no message {id} in {language}"))?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::from(*value));
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if errors.is_empty() {
            Ok(text.into_owned())
        } else {
            Err(format!("message {id} in {language}: {errors:?}"))
        }
    }

    /// The message ids of `language`'s catalog, in file order.
    pub fn ids(&self, language: Language) -> Vec<String> {
        SOURCES
            .iter()
            .filter(|(l, _)| *l == language)
            .flat_map(|(_, source)| source.lines())
            .filter(|line| line.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter_map(|line| line.split_once('=').map(|(id, _)| id.trim().to_owned()))
            .collect()
    }
}

/// A language's bundle, without Unicode isolation marks around arguments:
/// mail text is plain, and the HTML part escapes it as a whole.
fn bundle(language: Language, source: &str) -> FluentBundle<FluentResource> {
    let id: LanguageIdentifier = language.as_str().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(source.to_owned())
        .unwrap_or_else(|(_, errors)| panic!("the {language} mail catalog does not parse: {errors:?}"));
    bundle
        .add_resource(resource)
        .unwrap_or_else(|errors| panic!("the {language} mail catalog repeats ids: {errors:?}"));
    bundle
}

/// The words of one mail: messages in its language, and the problems met
/// while formatting them, which the renderer reports.
pub(crate) struct Words {
    language: Language,
    problems: RefCell<Vec<String>>,
}

impl Words {
    /// Words in `language`.
    pub(crate) fn new(language: Language) -> Self {
        Self {
            language,
            problems: RefCell::new(Vec::new()),
        }
    }

    /// Message `id`.
    pub(crate) fn t(&self, id: &str) -> String {
        self.t_args(id, &[])
    }

    /// Message `id` with `args`; the id itself, and a problem, if it
    /// cannot be formatted.
    pub(crate) fn t_args(&self, id: &str, args: &[(&str, &str)]) -> String {
        Catalogs::get()
            .format(self.language, id, args)
            .unwrap_or_else(|problem| {
                self.problems.borrow_mut().push(problem);
                id.to_owned()
            })
    }

    /// The message `{set}-{label}` (`status-in-progress`), or the label
    /// itself when the catalog has none: values the domain may add later
    /// are shown as it spells them.
    pub(crate) fn label(&self, set: &str, label: &str) -> String {
        let key: String = label
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        Catalogs::get()
            .format(self.language, &format!("{set}-{key}"), &[])
            .unwrap_or_else(|_| label.to_owned())
    }

    /// The problems met so far.
    pub(crate) fn into_problems(self) -> Vec<String> {
        self.problems.into_inner()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn both_catalogs_have_the_same_messages() {
        let catalogs = Catalogs::get();
        let en: BTreeSet<_> = catalogs.ids(Language::En).into_iter().collect();
        let fr: BTreeSet<_> = catalogs.ids(Language::Fr).into_iter().collect();
        assert_eq!(
            en.difference(&fr).count(),
            0,
            "missing from fr: {:?}",
            en.difference(&fr)
        );
        assert_eq!(
            fr.difference(&en).count(),
            0,
            "missing from en: {:?}",
            fr.difference(&en)
        );
        assert!(en.len() > 40, "the catalogs are read: {}", en.len());
        for language in Language::ALL {
            assert_eq!(catalogs.ids(*language).len(), en.len(), "no id twice in {language}");
        }
    }

    #[test]
    fn a_missing_message_or_argument_is_a_problem() {
        let words = Words::new(Language::Fr);
        assert_eq!(words.t("mail-view"), "Voir le ticket");
        assert_eq!(words.t("mail-nonexistent"), "mail-nonexistent");
        assert_eq!(words.t("mail-subject"), "mail-subject", "its arguments are missing");
        assert_eq!(words.into_problems().len(), 2);
    }

    #[test]
    fn labels_fall_back_to_the_domain_spelling() {
        let words = Words::new(Language::Fr);
        assert_eq!(words.label("status", "in progress"), "in progress (en cours)");
        assert_eq!(words.label("status", "brand new"), "brand new");
        assert!(words.into_problems().is_empty());
    }
}
