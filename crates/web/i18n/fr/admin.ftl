# Les pages d'administration, en français. Chaque message existe aussi
# dans en/admin.ftl (un test le vérifie).

admin-title = Administration
admin-lead = Les comptes et les données de référence avec lesquelles on remplit les tickets. Les changements s'appliquent aussitôt.
admin-crumbs = Vous êtes ici
admin-users-about = les personnes, leur rôle, leur mot de passe et le DN de leur certificat
admin-units-about = les unités de support, leur niveau de qualité de service, leur adresse et leurs membres
admin-sites-about = les centres de ressources et leur NGI ; chacun a sa propre unité
admin-vo-about = les communautés d'utilisateurs que les tickets peuvent concerner
admin-issue-type-about = les domaines dans lesquels on classe un ticket
admin-routing-about = l'unité vers laquelle va chaque type de problème

admin-name = Nom
admin-email = Adresse électronique
admin-role = Rôle
admin-account = Compte
admin-enabled = actif
admin-disabled = désactivé
admin-add = Ajouter
admin-save = Enregistrer
admin-delete = Supprimer
admin-delete-heading = Suppression
admin-empty = Rien pour l'instant.
admin-done-created = Ajout effectué.
admin-done-saved = Modifications enregistrées.
admin-done-deleted = Suppression effectuée.

admin-name-invalid = Une seule ligne de 200 caractères au plus.
admin-name-taken = Ce nom est déjà pris.
admin-email-invalid = Cette adresse électronique n'est pas valide.
admin-email-taken = Un compte existe déjà avec cette adresse.
admin-password-short = Un mot de passe compte au moins 8 caractères.
admin-choose = Choisissez une valeur de la liste.
admin-member-unknown = L'une des personnes choisies n'a plus de compte ; rechargez la page.
admin-in-use = Des tickets ou d'autres données y font encore référence : impossible de le supprimer.

admin-users-title = Utilisateurs
admin-users-total = { $count ->
    [one] { $count } compte
   *[other] { $count } comptes
}
admin-user-new-title = Ajouter un utilisateur
admin-user-edit-title = Utilisateur { $name }
admin-password = Mot de passe (facultatif)
admin-password-hint = Au moins 8 caractères. Sans mot de passe, le compte ne se connecte qu'avec des jetons d'API.
admin-new-password = Nouveau mot de passe
admin-new-password-hint = Laissez vide pour garder le mot de passe actuel.
admin-dn = DN du certificat (facultatif)
admin-dn-hint = Par exemple /DC=org/DC=example/CN=Ana Martin.
admin-disable = Désactiver ce compte (il ne pourra plus se connecter)
admin-user-delete-hint = Seul un compte qui n'a jamais ouvert, écrit ni modifié quoi que ce soit peut être supprimé ; désactivez les autres.
admin-user-in-use = Cette personne a des tickets, des articles ou un historique : désactivez plutôt le compte.
admin-self-delete = Vous ne pouvez pas supprimer votre propre compte.
admin-self-disable = Vous ne pouvez pas désactiver votre propre compte ; demandez à un autre administrateur.
admin-self-demote = Vous ne pouvez pas vous retirer le rôle d'administrateur ; demandez à un autre administrateur.

admin-units-title = Unités de support
admin-unit-new-title = Ajouter une unité
admin-unit-edit-title = Unité { $name }
admin-kind = Type d'unité
admin-kind-first-level = support de premier niveau
admin-kind-expertise = expertise
admin-kind-site = site
admin-qos = Niveau de qualité de service
admin-qos-base = base
admin-qos-medium = intermédiaire
admin-qos-advanced = avancé
admin-unit-email = Adresse électronique de l'unité
admin-unit-email-hint = Facultative : la boîte aux lettres commune de l'unité.
admin-members = Membres
admin-members-hint = Les personnes qui ont un rôle de support, et les membres actuels de l'unité.
admin-members-none = Personne n'a encore de rôle de support.
admin-unit-delete-hint = Une unité à laquelle des tickets ou un site font référence ne peut pas être supprimée ; ses règles de routage disparaissent avec elle.

admin-sites-title = Sites
admin-site-add = Ajouter un site
admin-site-edit-title = Site { $name }
admin-ngi = NGI
admin-ngi-hint = L'initiative nationale de grille, par exemple NGI_FRANCE ; facultatif.
admin-site-unit = Unité du site
admin-site-rename-hint = L'unité du site est renommée avec lui.
admin-site-delete-hint = Un site auquel des tickets font référence ne peut pas être supprimé ; son unité disparaît avec lui.

admin-vo-list-title = VO
admin-vo-add = Ajouter une VO
admin-vo-edit-title = VO { $name }
admin-vo-delete-hint = Une VO à laquelle des tickets font référence ne peut pas être supprimée.

admin-issue-type-list-title = Types de problème
admin-issue-type-add = Ajouter un type de problème
admin-issue-type-edit-title = Type de problème { $name }
admin-issue-type-delete-hint = Un type de problème auquel des tickets font référence ne peut pas être supprimé ; sa règle de routage disparaît avec lui.
admin-issue-type = Type de problème

admin-routing-title = Règles de routage
admin-routing-lead = Quand le support de premier niveau applique les règles de routage à un ticket, celui-ci va à l'unité que nomme la règle de son type de problème.
admin-routing-unit = Unité
admin-routing-set = Définir une règle
admin-routing-set-hint = Un type de problème a au plus une règle : la définir à nouveau la remplace.
admin-routing-save = Définir la règle
admin-routing-delete = Supprimer la règle de { $type }
