"""Read ``cohorts/`` into the model, reporting every problem (DESIGN §6) in one pass.

Errors are values: a bad file never stops the others from being read, and a record with
errors is still built (with what could be read) so that cross-file checks see it too.
The stages: sort the folder (tree) → cohorts and profiles → lectures → cross-file checks.
"""

from __future__ import annotations

from showcase.checks import check_double_booking, check_duplicate_cadre_ids, check_duplicate_lecture_ids, check_photo_addresses
from showcase.issues import Report
from showcase.lectures import LectureReader
from showcase.model import Dataset
from showcase.profiles import ProfileReader
from showcase.settings import Settings
from showcase.tree import TreeScanner


def load(settings: Settings, only: str | None = None) -> tuple[Dataset, Report]:
    """``only``: the one cohort folder to read (a preview); every folder otherwise."""
    report = Report()
    dataset = Dataset(metrics=settings.metrics)
    scanner = TreeScanner(settings.root, report)
    reader = ProfileReader(report, scanner.rel, settings.metrics, settings.gazetteer)
    folders = scanner.scan(settings.data_path, only)
    lecture_files = []
    for folder in folders:
        cohort = reader.cohort(folder)
        dataset.cohorts.append(cohort)
        dataset.cadres.extend(reader.profile(path, cohort, folder.photos) for path in folder.profiles)
        if folder.lectures_file:
            lecture_files.append((cohort, folder.lectures_file))
    check_duplicate_cadre_ids(dataset, report)
    check_photo_addresses(dataset, report)
    lectures = LectureReader(dataset, reader, settings.today)
    for cohort, path in lecture_files:
        parsed = reader.read_yaml(path)
        if parsed:
            dataset.lectures.extend(lectures.read(cohort, *parsed))
    check_duplicate_lecture_ids(dataset, report)
    check_double_booking(dataset, report)
    return dataset, report
