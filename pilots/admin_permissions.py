"""Who reaches proposals in the admin: by role, not by a model permission.

With a model permission on Pilot, Wagtail's site history report would list every pilot's log
entries (other areas', and their residents' names) to every director. Proposals are only
read in the admin, never added, edited or deleted there, superusers included: residents write
them and services change them.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from pilots.permissions import may_view_proposals


class ProposalPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action == "view" and may_view_proposals(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and may_view_proposals(user)
