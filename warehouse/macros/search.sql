-- search_grams(q): the terms of a Chinese query, as a CJK analyzer cuts them: every run of Chinese
-- characters as overlapping bigrams (a run of one character as itself), ASCII words and numbers
-- lowercased. 优化营商环境 → 优化 化营 营商 商环 环境; 5G网络 → 5g 网络; 廉 → 廉.
create or replace macro search_grams(q) as (
    list_distinct(flatten(list_concat(
        [case when length(r) = 1 then [r] else [substr(r, i, 2) for i in range(1, length(r))] end
         for r in regexp_extract_all(q, '[\x{4e00}-\x{9fff}]+')],
        [[t] for t in regexp_extract_all(lower(q), '[a-z0-9]+')]
    )))
);

-- search_sentences(q): every sentence of the main body of the current reports that holds a term of
-- q: first those holding q as written (has_phrase), then the others, each by BM25 over sentences
-- (score; k1 1.2, b 0.75; a sentence's length in characters). Filter on the returned columns
-- (issuer, place, report_year, report_type); order by has_phrase desc, score desc.
create or replace macro search_sentences(q, k1 := 1.2, b := 0.75) as table
with
query as (
    select search_grams(q) as grams
),
scoped as (
    select
        s.*,
        length(s.text) as dl,
        [(length(lower(s.text)) - length(replace(lower(s.text), g, ''))) // length(g) for g in query.grams] as tfs,
    from v_sentences s, query
    where not s.in_appendix and coalesce(s.is_current, true)
),
terms as (
    select sentence_id, dl, unnest(tfs) as tf, generate_subscripts(tfs, 1) as term
    from scoped
),
df as (
    select term, count(*) filter (where tf > 0) as df from terms group by term
),
corpus as (
    select count(*) as n, avg(dl) as avgdl from scoped
),
scores as (
    select
        terms.sentence_id,
        sum(ln(1 + (corpus.n - df.df + 0.5) / (df.df + 0.5))
            * terms.tf * (k1 + 1) / (terms.tf + k1 * (1 - b + b * terms.dl / corpus.avgdl))) as score,
    from terms
    join df on df.term = terms.term
    cross join corpus
    where terms.tf > 0
    group by terms.sentence_id
)
select
    scoped.document_id,
    scoped.issuer,
    scoped.place,
    scoped.report_year,
    scoped.report_type,
    scoped.section_path,
    scoped.text as sentence,
    scoped.char_start,
    scoped.char_end,
    scores.score,
    contains(lower(scoped.text), lower(trim(q))) as has_phrase,
    scoped.sentence_id,
from scores
join scoped on scoped.sentence_id = scores.sentence_id
order by has_phrase desc, scores.score desc, scoped.document_id, scoped.char_start
