//! The two languages of the pages: message catalogs in Fluent (one folder
//! per language, `i18n/{en,fr}/*.ftl`, one file per area of the pages,
//! compiled into the binary), and the choice of a language for a request.

use chrono::{DateTime, Utc};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use guichet_domain::preferences::TimeZone;
use unic_langid::LanguageIdentifier;

/// A language of the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English, the reference for GGUS's terms.
    En,
    /// French.
    Fr,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The language's tag, as in `lang` attributes and cookies.
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
        }
    }

    /// The language a tag such as `fr`, `fr-CA` or `en-GB` names, if any.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Self::En),
            "fr" => Some(Self::Fr),
            _ => None,
        }
    }

    /// The first language of an `Accept-Language` header we have, by the
    /// weights it gives; English when none matches.
    pub fn negotiate(accept_language: &str) -> Lang {
        let mut offered: Vec<(f32, Lang)> = accept_language
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let lang = Lang::from_tag(pieces.next()?)?;
                let weight = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                Some((weight, lang))
            })
            .collect();
        offered.sort_by(|a, b| b.0.total_cmp(&a.0));
        offered.first().map_or(Lang::En, |(_, lang)| *lang)
    }
}

/// The catalog files of one language; both languages have the same files.
const SOURCES: [(Lang, &[&str]); 2] = [
    (
        Lang::En,
        &[
            include_str!("../i18n/en/main.ftl"),
            include_str!("../i18n/en/admin.ftl"),
            include_str!("../i18n/en/confirm.ftl"),
            include_str!("../i18n/en/escalation.ftl"),
            include_str!("../i18n/en/rota.ftl"),
            include_str!("../i18n/en/search.ftl"),
            include_str!("../i18n/en/kb.ftl"),
        ],
    ),
    (
        Lang::Fr,
        &[
            include_str!("../i18n/fr/main.ftl"),
            include_str!("../i18n/fr/admin.ftl"),
            include_str!("../i18n/fr/confirm.ftl"),
            include_str!("../i18n/fr/escalation.ftl"),
            include_str!("../i18n/fr/rota.ftl"),
            include_str!("../i18n/fr/search.ftl"),
            include_str!("../i18n/fr/kb.ftl"),
        ],
    ),
];

/// Both catalogs, parsed once.
pub struct Catalogs {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

impl std::fmt::Debug for Catalogs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogs").finish_non_exhaustive()
    }
}

impl Catalogs {
    /// Parses the catalogs compiled into the binary; a syntax error in one
    /// is a bug that the tests catch, and panics here.
    pub fn load() -> Self {
        let bundles = SOURCES
            .iter()
            .map(|(lang, files)| {
                let id: LanguageIdentifier = lang.code().parse().unwrap_or_default();
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                // Pages are HTML: no Unicode isolation marks around arguments.
                bundle.set_use_isolating(false);
                for source in *files {
                    let resource = FluentResource::try_new((*source).to_owned())
                        .unwrap_or_else(|(_, errors)| panic!("a {} catalog does not parse: {errors:?}", lang.code()));
                    bundle
                        .add_resource(resource)
                        .unwrap_or_else(|errors| panic!("the {} catalog repeats ids: {errors:?}", lang.code()));
                }
                (*lang, bundle)
            })
            .collect();
        Self { bundles }
    }

    fn bundle(&self, lang: Lang) -> Option<&FluentBundle<FluentResource>> {
        self.bundles.iter().find(|(l, _)| *l == lang).map(|(_, b)| b)
    }

    /// Message `id` in `lang`; the id itself, logged, if it is missing.
    pub fn text(&self, lang: Lang, id: &str) -> String {
        self.format(lang, id, None)
    }

    /// Message `id` in `lang` with its arguments.
    pub fn text_with(&self, lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        self.format(lang, id, Some(&fluent_args))
    }

    fn format(&self, lang: Lang, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let pattern = self
            .bundle(lang)
            .and_then(|bundle| bundle.get_message(id).and_then(|m| m.value()).map(|p| (bundle, p)));
        let Some((bundle, pattern)) = pattern else {
            tracing::warn!(id, lang = lang.code(), "missing message");
            return id.to_owned();
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors).into_owned();
        if !errors.is_empty() {
            tracing::warn!(id, lang = lang.code(), ?errors, "message formatted with errors");
            // A page that forgets a message's argument is a bug the tests,
            // built with debug assertions, catch.
            debug_assert!(false, "message {id} formatted with errors: {errors:?}");
        }
        text
    }

    /// Whether `lang` has message `id`, with a value.
    pub fn has_value(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang)
            .and_then(|bundle| bundle.get_message(id))
            .is_some_and(|message| message.value().is_some())
    }

    /// The message ids of `lang`'s catalog.
    pub fn ids(&self, lang: Lang) -> Vec<String> {
        let files: &[&str] = SOURCES.iter().find(|(l, _)| *l == lang).map_or(&[], |(_, f)| *f);
        files
            .iter()
            .flat_map(|source| source.lines())
            .filter(|line| line.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter_map(|line| line.split_once('=').map(|(id, _)| id.trim().to_owned()))
            .collect()
    }
}

/// What a page's template translates with: the catalogs, the language
/// and the time zone.
#[derive(Clone, Copy)]
pub struct Tr<'a> {
    catalogs: &'a Catalogs,
    /// The page's language.
    pub lang: Lang,
    /// The zone the page shows dates in.
    pub zone: TimeZone,
}

impl<'a> Tr<'a> {
    /// Translations into `lang`, with dates in UTC.
    pub fn new(catalogs: &'a Catalogs, lang: Lang) -> Self {
        Self {
            catalogs,
            lang,
            zone: TimeZone::UTC,
        }
    }

    /// The same, with dates in `zone`.
    pub fn in_zone(self, zone: TimeZone) -> Self {
        Self { zone, ..self }
    }

    /// A moment as the page's language writes it, in the page's zone:
    /// `1 Dec 2026, 16:05 CET`, `1 déc. 2026, 16:05 CET`.
    pub fn moment(&self, at: DateTime<Utc>) -> String {
        let local = self.zone.local(at);
        let args = [
            ("day", local.day.to_string()),
            ("month", self.t(&format!("month-{}", local.month))),
            ("year", local.year.to_string()),
            ("time", local.time),
            ("zone", local.zone),
        ];
        self.t_args("moment", &args)
    }

    /// Message `id`.
    pub fn t(&self, id: &str) -> String {
        self.catalogs.text(self.lang, id)
    }

    /// Whether message `id` exists in the page's language.
    pub fn has(&self, id: &str) -> bool {
        self.catalogs.has_value(self.lang, id)
    }

    /// Message `id` with one argument.
    pub fn t1(&self, id: &str, name: &str, value: impl std::fmt::Display) -> String {
        self.catalogs
            .text_with(self.lang, id, &[(name, FluentValue::from(value.to_string()))])
    }

    /// Message `id` with several arguments.
    pub fn t_args(&self, id: &str, args: &[(&str, String)]) -> String {
        let values: Vec<(&str, FluentValue<'_>)> = args
            .iter()
            .map(|(name, value)| (*name, FluentValue::from(value.as_str())))
            .collect();
        self.catalogs.text_with(self.lang, id, &values)
    }

    /// A label of a closed set (a status, a priority…): its message
    /// `{set}-{label with dashes}`.
    pub fn label(&self, set: &str, label: &str) -> String {
        let key: String = label
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        self.t(&format!("{set}-{key}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogs_have_the_same_messages() {
        let catalogs = Catalogs::load();
        let en: std::collections::BTreeSet<_> = catalogs.ids(Lang::En).into_iter().collect();
        let fr: std::collections::BTreeSet<_> = catalogs.ids(Lang::Fr).into_iter().collect();
        let only_en: Vec<_> = en.difference(&fr).collect();
        let only_fr: Vec<_> = fr.difference(&en).collect();
        assert!(only_en.is_empty(), "missing from i18n/fr: {only_en:?}");
        assert!(only_fr.is_empty(), "missing from i18n/en: {only_fr:?}");
        assert!(en.len() > 50, "the catalogs are read: {}", en.len());
        for lang in Lang::ALL {
            for id in catalogs.ids(lang) {
                assert!(catalogs.has_value(lang, &id), "{id} has a value in {}", lang.code());
            }
        }
    }

    #[test]
    fn every_label_the_pages_show_has_a_message() {
        use guichet_domain::article::ArticleKind;
        use guichet_domain::priority::Priority;
        use guichet_domain::role::Role;
        use guichet_domain::status::{Qualifier, Status};
        let catalogs = Catalogs::load();
        for lang in Lang::ALL {
            let tr = Tr::new(&catalogs, lang);
            let sets: [(&str, Vec<&str>); 5] = [
                ("status", Status::ALL.iter().map(|s| s.as_str()).collect()),
                ("priority", Priority::ALL.iter().map(|p| p.as_str()).collect()),
                ("qualifier", Qualifier::ALL.iter().map(|q| q.as_str()).collect()),
                ("kind", ArticleKind::ALL.iter().map(|k| k.as_str()).collect()),
                ("role", Role::ALL.iter().map(|r| r.as_str()).collect()),
            ];
            for (set, labels) in sets {
                for label in labels {
                    let shown = tr.label(set, label);
                    assert!(!shown.starts_with(set), "{set} {label:?} in {}", lang.code());
                }
            }
        }
    }

    /// Every word a page shows comes from the catalogs: once the template
    /// syntax, comments and tags are taken out, no template has text of
    /// its own (punctuation and symbols aside).
    #[test]
    fn templates_hold_no_words_of_their_own() {
        fn without(text: &str, open: &str, close: &str) -> String {
            let mut rest = text;
            let mut kept = String::new();
            while let Some(start) = rest.find(open) {
                kept.push_str(&rest[..start]);
                rest = rest[start..]
                    .find(close)
                    .map_or("", |end| &rest[start + end + close.len()..]);
            }
            kept + rest
        }
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut folders = vec![folder];
        let mut checked = 0;
        while let Some(dir) = folders.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                let source = std::fs::read_to_string(&path).unwrap();
                let mut text = source;
                for (open, close) in [("{#", "#}"), ("{{", "}}"), ("{%", "%}"), ("<", ">")] {
                    text = without(&text, open, close);
                }
                let words: Vec<&str> = text
                    .split(|c: char| !c.is_alphabetic())
                    .filter(|w| w.chars().count() > 1)
                    .collect();
                assert!(words.is_empty(), "{} shows {words:?} in one language", path.display());
                checked += 1;
            }
        }
        assert!(checked > 10, "the templates are read: {checked}");
    }

    #[test]
    fn the_language_follows_the_browser() {
        assert_eq!(Lang::negotiate("fr-FR,fr;q=0.9,en;q=0.8"), Lang::Fr);
        assert_eq!(Lang::negotiate("de-DE, en-GB;q=0.7, fr;q=0.3"), Lang::En);
        assert_eq!(Lang::negotiate("en;q=0.2, fr;q=0.9"), Lang::Fr);
        assert_eq!(Lang::negotiate("de, it"), Lang::En, "English when nothing matches");
        assert_eq!(Lang::negotiate(""), Lang::En);
    }

    #[test]
    fn moments_are_written_in_the_language_and_zone() {
        use chrono::TimeZone as _;
        let catalogs = Catalogs::load();
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 15, 5, 0).unwrap();
        let paris = TimeZone::parse("Europe/Paris").unwrap();
        assert_eq!(Tr::new(&catalogs, Lang::En).moment(at), "1 Dec 2026, 15:05 UTC");
        assert_eq!(
            Tr::new(&catalogs, Lang::Fr).in_zone(paris).moment(at),
            "1 déc. 2026, 16:05 CET"
        );
        for lang in Lang::ALL {
            for month in 1..=12 {
                let name = Tr::new(&catalogs, lang).t(&format!("month-{month}"));
                assert!(!name.starts_with("month-"), "month {month} in {}", lang.code());
            }
        }
    }

    #[test]
    fn arguments_are_formatted_without_isolation_marks() {
        let catalogs = Catalogs::load();
        let text = Tr::new(&catalogs, Lang::Fr).t1("ticket-title", "number", 100_234);
        assert!(text.contains("100234") && !text.contains('\u{2068}'), "{text}");
    }
}
