from builder.search.themes import distinctive_terms, surface_form, theme_count


def test_theme_count_grows_slowly_and_needs_enough_achievements():
    assert theme_count(4, None) == 0
    assert theme_count(25, None) == 4
    assert theme_count(2000, None) == 12
    assert theme_count(10, 3) == 3 and theme_count(10, 9) == 5


def test_labels_are_the_terms_that_set_a_cluster_apart():
    labels = distinctive_terms(
        [
            ["GPU scheduling queue for training jobs", "GPU sharing for notebooks, built fast"],
            ["Prompt evaluation golden set", "Prompt injection classifier, built fast"],
        ],
        1,
    )
    assert labels == [["gpu"], ["prompt"]]  # shared by members; "built"/"fast" by all clusters


def test_surface_form_keeps_the_owners_spelling():
    assert surface_form("gpu", "Two GPU pools; GPU time-slicing; gpu-operator") == "GPU"
    assert surface_form("latency", "nothing here") == "latency"
