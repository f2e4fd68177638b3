-- v_keywords: one row per top-20 keyword of a document, ranked by TF-IDF over the warehouse's own corpus
with

terms as (
    select * from fact_term
),

term_dimension as (
    select * from dim_term
),

documents as (
    select document_id, term_count from dim_document
),

corpus as (
    select count(*) as document_count from dim_document
),

per_document as (
    select
        document_id,
        term,
        sum(occurrences) as occurrences,
        min(char_start) as char_start,
        arg_min(char_end, char_start) as char_end,
    from terms
    group by document_id, term
),

-- one chain of steps keyed by document, so that a filter on document_id reaches the scan; each
-- document's term count comes from dim_document (summed here as a window, DuckDB grouped the terms twice)
with_length as (
    select
        per_document.*,
        documents.term_count,
    from per_document
    join documents on documents.document_id = per_document.document_id
),

weighted as (
    select
        with_length.document_id,
        with_length.term,
        with_length.occurrences / with_length.term_count
            -- the corpus's own IDF, smoothed; jieba's bundled IDF while the corpus is one report
            * case
                when corpus.document_count < 2 then term_dimension.bundled_idf
                else ln((1 + corpus.document_count) / (1 + term_dimension.document_count)) + 1
            end as weight,
        with_length.char_start,
        with_length.char_end,
    from with_length
    join term_dimension on term_dimension.term = with_length.term
    cross join corpus
),

-- each document's 20 best terms by weight, ties by term: one top-20 pick per document, where
-- numbering every term of a document in order and keeping 20 took half as long again
best as (
    select
        document_id,
        min_by(
            {'term': term, 'weight': weight, 'char_start': char_start, 'char_end': char_end},
            {'weight_descending': -weight, 'term': term},
            20
        ) as picked,
    from weighted
    group by document_id
),

ranked as (
    select
        document_id,
        unnest(picked, recursive := true),
        generate_subscripts(picked, 1) as rank,
    from best
)

select
    document_id,
    term,
    round(weight, 6) as weight,
    rank::integer as rank,
    char_start,
    char_end,
from ranked
