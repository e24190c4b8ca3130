from site_core.management.commands.personal_data import Command as PersonalDataCommand


class Command(PersonalDataCommand):
    """The name issue 19 first gave it: the same command as `personal_data`, through the
    `maillage_personal_data` hook (reactions, subscriptions and whatever else registers)."""
