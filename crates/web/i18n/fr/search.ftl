# Recherche.
nav-search = Recherche
search-title = Rechercher dans les tickets
search-label = Rechercher
search-button = Rechercher
search-help = Tous les mots doivent figurer. Des "guillemets" pour une expression, OR pour des variantes, -mot pour exclure, certif* pour les mots qui commencent ainsi, ou un numéro de ticket. Les formes françaises et anglaises et les accents comptent pareil.
search-filters = Filtres
search-any = Tous
search-filter-q = Recherche
search-filter-status = Statut
search-filter-unit = Unité responsable
search-filter-site = Site
search-filter-vo = VO
search-filter-type = Type de problème
search-filter-priority = Priorité
search-filter-from = Ouvert à partir du
search-filter-until = Ouvert jusqu’au
search-filter-page = Page
search-filter-per_page = Résultats par page
search-total = Résultats : { $count }
search-total-more = Plus de 1 000 résultats
search-nothing = Rien ne correspond. Essayez moins de mots, ou d’autres formes.
search-kind-note = Note interne
search-kind-answer = Réponse
search-error-empty = Donnez un ou plusieurs mots à rechercher.
search-error-too-long = Une recherche compte au plus { $max } caractères.
search-error-length = Celle-ci en compte { $chars }.
search-error-only-excluded = Cette recherche ne fait qu’exclure des mots : donnez au moins un mot à trouver.

# Cas résolus semblables.
similar-title = Cas résolus semblables
similar-hint = Ces tickets ressemblent à celui-ci et ont été résolus. Leur solution y répond peut-être.
similar-solution = Solution :
similar-none = Aucun cas résolu semblable n'a été trouvé.
similar-preview = Chercher des cas résolus semblables
similar-answer = Réponse
