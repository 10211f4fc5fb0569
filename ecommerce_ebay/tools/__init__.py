from . import notification
