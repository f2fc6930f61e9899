"""The command modules of the ``icsgov`` CLI; each exports ``COMMANDS``."""
