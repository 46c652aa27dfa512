"""Finding a CSV header and naming its columns (kith.importers.textio)."""

from __future__ import annotations

from kith.importers.textio import find_table


def test_a_repeated_column_name_is_also_indexed_by_its_rank() -> None:
    """French Outlook has two "Titre" columns: the courtesy title, then the job title."""
    text = 'Titre;Prénom;Titre;Nom;Titre\r\n"M.";"Jean";"Chef";"Dupont";""\r\n'
    table = find_table(text, "contacts.csv", lambda names: "prénom" in names)
    assert table is not None and table.delimiter == ";"
    assert table.index == {"titre": 0, "prénom": 1, "titre#2": 2, "nom": 3, "titre#3": 4}
    assert (table.col("Titre"), table.col("titre#2"), table.col("TITRE#3")) == (0, 2, 4)


def test_a_header_with_a_column_named_like_a_rank_keeps_both() -> None:
    table = find_table("a,a#2,a\n1,2,3\n", "x.csv", lambda names: "a" in names)
    assert table is not None
    assert table.index == {"a": 0, "a#2": 1, "a#3": 2}
