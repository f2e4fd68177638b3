"""How one run's claimed files are cut into batches.

Batches keep memory flat however full the inbox is; their sizes decide how long the checks and the
single writer wait on the parse workers, at the start and at the end of a run.
"""

from __future__ import annotations

FIRST_BATCH_FILES = 200
BATCH_FILES = 400
TAIL_FILES = (256, 128, 64)


def plan(claimed: list) -> list[list]:
    """The run's files in batches, each loaded, recorded and settled whole.

    Batches keep memory flat however full the inbox is. The first is what the workers parse in about
    the time the command takes to import Great Expectations, which the first checks wait for; they
    then double up to BATCH_FILES, as every batch costs the checks a fixed time. For that time, too,
    as many files as a first batch or fewer left over join the batch before them.

    The run ends on batches that halve (TAIL_FILES): once the workers have parsed the last file,
    only the writer works, on one core; a small last batch, loaded while the one before it was
    parsed, keeps that stretch short.
    """
    first = min(FIRST_BATCH_FILES, BATCH_FILES)
    tail: list[int] = []
    for size in reversed(TAIL_FILES):  # the smallest last; each only where a first batch still fits before
        if len(claimed) - sum(tail) - size >= first:
            tail.insert(0, size)
    head_end = len(claimed) - sum(tail)
    batches, size, at = [], first, 0
    while at < head_end:
        if head_end - (at + size) <= first:
            size = head_end - at
        batches.append(claimed[at:at + size])
        at += size
        size = min(2 * size, BATCH_FILES)
    for size in tail:
        batches.append(claimed[at:at + size])
        at += size
    return batches or [[]]
