"""Unit kinds: message keys as sources, translator credits, keyword lists and context prefixes are told
apart from text, source-aware checks skip key sources, and the report says so once per file."""

from __future__ import annotations

import json

import pytest

from mtqa.api import render
from mtqa.checks.base import unit_kind
from mtqa.config import Config
from mtqa.model import Unit
from mtqa.run.pipeline import Checker
from mtqa.text.unit_kinds import CREDITS, HEADER, IDENTIFIERS, KEY, KEYWORDS, TEXT, classify

# (source, target, unit id, kind, the source checks compare with)
CASES = [
    # Symfony, Sonata and Angular catalogues keyed by identifiers
    ("help.teams", "Limite la visibilité aux équipes sélectionnées.", "3rJ5QDP", KEY, None),
    ("flash_lock_error", 'Un autre utilisateur a modifié l\'élément "%name%".', "flash_lock_error", KEY, None),
    ("attachment_type.caption", "Légende", None, KEY, None),
    ("profile.error.fileTooLarge", "Die Datei ist zu groß. Bitte wählen Sie eine Datei kleiner als 5MB.", None,
     KEY, None),
    ("unknown-error", "Une erreur inconnue s'est produite, veuillez réessayer.", None, KEY, None),
    ("open-help-tooltip-button", "ヘルプのヒントボタン", None, KEY, None),
    ("fileTooLarge", "Fichier trop volumineux", None, KEY, None),
    # text that looks a little like a key
    ("e-mail", "courriel", None, TEXT, "e-mail"),
    ("Sign-in", "Connexion", None, TEXT, "Sign-in"),
    ("C_ancel", "A_nnuler", None, TEXT, "C_ancel"),
    ("High_lighter", "Wy_różnianie", None, TEXT, "High_lighter"),
    ("example.com", "example.com", None, TEXT, "example.com"),
    ("e.g.", "p. ex.", None, TEXT, "e.g."),
    ("Node.js", "Node.js", None, TEXT, "Node.js"),
    ("iPhone", "iPhone", None, TEXT, "iPhone"),
    ("Time Tracking", "Suivi du temps", "N7mikjJ", TEXT, "Time Tracking"),
    ("yes", "Oui", "inmIkP6", TEXT, "yes"),
    # metadata
    ("translator-credits", "Zbigniew Chyla <chyla@alice.ci.pwr.wroc.pl>, 1998-2002", "translator-credits",
     CREDITS, None),
    ("Your names", "Jean Dupont", "NAME OF TRANSLATORS::Your names", CREDITS, None),
    ("Translators", "Traducteurs", None, TEXT, "Translators"),
    # desktop-entry keyword lists
    ("gaming;wine;emulator;", "gaming;wine;emulator;jeux;émulateur;", None, KEYWORDS, "gaming;wine;emulator;"),
    # gettext context prefixes (Rails s_(), GLib Q_())
    ("JobTemplate|Name", "Nom", "JobTemplate|Name", TEXT, "Name"),
    ("file|Open", "Ouvrir", None, TEXT, "Open"),
    ("Home | About", "Accueil | À propos", None, TEXT, "Home | About"),
    ("{0} votes|{0} vote|{0} votes", "{0} 票", None, TEXT, "{0} votes|{0} vote|{0} votes"),
]


@pytest.mark.parametrize("source,target,ident,kind,compared", CASES)
def test_unit_kinds(source: str, target: str, ident: str | None, kind: str, compared: str | None) -> None:
    found = classify(source, target, ident)
    assert (found.kind, found.source) == (kind, compared)


def scan(units: list[Unit], tgt: str = "fr"):
    checker = Checker(Config(jobs=1))
    return checker.scan_units(units, path="messages.fr.xlf", source_lang="en", target_lang=tgt)


def test_key_sources_skip_source_checks_and_are_noted_once() -> None:
    units = [
        Unit(target="Ces données seront également supprimées ! Vous pouvez toutefois sélectionner une entrée "
                    "vers laquelle toutes les données seront transférées.", source="admin_entity.delete_confirm",
             id="vDd3alC"),
        Unit(target="Afficher les entrées %start% à %end% à partir de %total%.", source="pagination.info",
             id="wwrREDg"),
        Unit(target="1/2 journée", source="half_day", id="Eml59KV"),
    ]
    report = scan(units)
    assert [f for f in report.findings if f.check in ("length-ratio", "placeholder-mismatch", "number-mismatch")] == []
    assert report.notes == ["3 unit(s) have a message key as their source (e.g. 'admin_entity.delete_confirm'): "
                            "source-aware checks skipped them"]
    data = json.loads(render(Checker(Config()).report([report]), "json"))
    assert data["files"][0]["notes"] == report.notes


def test_translator_credits_are_not_checked() -> None:
    credits = Unit(target="Zbigniew Chyla <chyla@alice.ci.pwr.wroc.pl>, 1998-2002\nMarcin Gorycki <mgo@olicom.dk>,"
                          " 1999", source="translator-credits", id="translator-credits")
    report = scan([credits], tgt="pl")
    assert report.findings == []
    assert report.notes == ["1 unit(s) are translator credits (e.g. 'translator-credits'): not checked"]


def test_text_report_says_it_once_per_file() -> None:
    units = [Unit(target="Supprimer", source="action_delete", id="action_delete"),
             Unit(target="Créer", source="btn_create", id="btn_create")]
    checker = Checker(Config(jobs=1))
    text = render(checker.report([scan(units)]), "text")
    assert text.count("note: 2 unit(s) have a message key as their source") == 1


def test_context_prefix_is_not_compared() -> None:
    checker = Checker(Config(jobs=1, select=["entity-missing"]))
    report = checker.scan_units([Unit(target="Nom", source="JobTemplate|Name", id="JobTemplate|Name")],
                                source_lang="en", target_lang="fr")
    assert report.findings == []


@pytest.mark.parametrize(
    "source,kind",
    [
        ("db2, h2, mysql, oracle, postgis, spatialite, sqlserver.", IDENTIFIERS),
        ("app-schema, arcsde, csv, dxf, edigeo, excel, geojson, org, property, shapefile, wfs.", IDENTIFIERS),
        ("Apples, pears, plums and cherries, all fresh.", TEXT),
        ("red, green, blue, yellow", TEXT),
    ],
)
def test_identifier_lists_copied_as_they_are(source: str, kind: str) -> None:
    assert unit_kind(Unit(target=source, source=source, id="u"), "en").kind == kind


def test_identifier_lists_are_noted_not_checked() -> None:
    source = "db2, h2, mysql, oracle, postgis, spatialite, sqlserver."
    report = scan([Unit(target=source, source=source, id="230")], tgt="ja")
    assert report.findings == []
    assert report.notes == [f"1 unit(s) are lists of identifiers kept as they are (e.g. {source[:60]!r}): not checked"]


def test_wordpress_header_entries_are_metadata() -> None:
    name = "PDF Invoices & Packing Slips for WooCommerce"
    unit = Unit(target=name, source=name, id="x", notes=("Plugin Name of the plugin",))
    assert unit_kind(unit, "en").kind == HEADER
    described = Unit(target="Erstelle PDF-Rechnungen.", source="Create PDF invoices.",
                     notes=("Description of the plugin",))
    assert unit_kind(described, "en").kind == TEXT
