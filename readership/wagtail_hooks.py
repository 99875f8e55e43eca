from wagtail import hooks

from .panels import MostReadUntranslatedPanel


@hooks.register("construct_homepage_panels")
def most_read_untranslated_panel(request, panels):
    panels.append(MostReadUntranslatedPanel())
