-- search_terms(q): the terms of a query, numbered as the index numbers them (transforms/search_index.py),
-- each with its offset in q: a run of Chinese characters gives its overlapping bigrams (gram), a run
-- of one character gives that character (lead_char), a run of ASCII letters and digits gives one word
-- (gram < 0, lowercased). 优化营商环境 → 优化 化营 营商 商环 环境; 5G网络 → 5g 网络; 廉 → 廉.
create or replace macro search_cjk(ch) as (unicode(ch) between 19968 and 40959);

create or replace macro search_word_gram(w) as (
    -list_reduce([instr('0123456789abcdefghijklmnopqrstuvwxyz', ch)::bigint for ch in string_split(substr(w, 1, 12), '')],
                 lambda acc, d: acc * 37 + d)
);

create or replace macro search_terms(q) as (
    [struct_pack(
        gram := case
            when regexp_full_match(substr(lower(q), i, 1), '[a-z0-9]')
                then search_word_gram(regexp_extract(substr(lower(q), i), '^[a-z0-9]+'))
            when search_cjk(substr(q, i + 1, 1))
                then (unicode(substr(q, i, 1)) - 19967)::bigint * 20993 + unicode(substr(q, i + 1, 1)) - 19967
        end,
        lead_char := case when search_cjk(substr(q, i, 1)) and not search_cjk(substr(q, i + 1, 1))
            then unicode(substr(q, i, 1)) end,
        "offset" := i - 1)
     for i in range(1, length(q) + 1)
     if (search_cjk(substr(q, i, 1))
         and (search_cjk(substr(q, i + 1, 1)) or i = 1 or not search_cjk(substr(q, i - 1, 1))))
        or (regexp_full_match(substr(lower(q), i, 1), '[a-z0-9]')
            and (i = 1 or not regexp_full_match(substr(lower(q), i - 1, 1), '[a-z0-9]')))]
);

-- search_hits(q, ...): every sentence of the current reports holding a term of q, without its text:
-- its document's columns, score (BM25 over sentences: k1 1.2, b 0.75, a sentence's length in characters)
-- and has_phrase (it holds every term of q at q's own distances: q as written, for a Chinese query).
-- Arguments: issuer_like / type_like (a part of issuer / report_type), from_year / to_year (report_year),
-- include_appendix (appendices are left out unless true), exact (only sentences with has_phrase).
create or replace macro search_hits(q, k1 := 1.2, b := 0.75, issuer_like := null, type_like := null,
                                    from_year := null, to_year := null, include_appendix := false,
                                    exact := false) as table
with
terms as (
    select t.gram, t.lead_char, t."offset", row_number() over () as term
    from (select unnest(search_terms(q)) as t)
),
hits as (
    select p.document_key, p.ordinal, p.position, p.sentence_chars, terms.term, terms."offset"
    from fact_sentence_gram p join terms on p.gram = terms.gram
    where include_appendix or not p.in_appendix
    union all
    select p.document_key, p.ordinal, p.position, p.sentence_chars, terms.term, terms."offset"
    from fact_sentence_gram p join terms on p.lead_char = terms.lead_char
    where include_appendix or not p.in_appendix
),
stats as (
    select count(*) as n, avg(char_end - char_start) as avgdl
    from fact_sentence where include_appendix or not in_appendix
),
tf as (
    select document_key, ordinal, term, count(*) as tf, any_value(sentence_chars) as dl
    from hits group by all
),
df as (
    select term, count(*) as df from tf group by term
),
scores as (
    select tf.document_key, tf.ordinal,
           sum(ln(1 + (stats.n - df.df + 0.5) / (df.df + 0.5))
               * tf.tf * (k1 + 1) / (tf.tf + k1 * (1 - b + b * tf.dl / stats.avgdl))) as score,
           count(*) as terms_held  -- counted in the same grouping, not in one more over every sentence hit
    from tf join df using (term) cross join stats
    group by tf.document_key, tf.ordinal
),
-- only a sentence holding every term can hold the phrase: the phrase's grouping reads their hits alone,
-- not those of every sentence that holds a term as common as 发展
complete as (
    select document_key, ordinal from scores where terms_held = (select count(*) from terms)
),
phrases as (
    select distinct hits.document_key, hits.ordinal from hits semi join complete using (document_key, ordinal)
    group by hits.document_key, hits.ordinal, hits.position - hits."offset"
    having count(*) = (select count(*) from terms)  -- a term matches one entry at most at each start
),
documents as (
    select document_id, ('0x' || document_id)::ubigint as document_key, issuer, place, report_year, report_type
    from v_documents
    where coalesce(is_current, true)
      and (issuer_like is null or contains(issuer, issuer_like))
      and (type_like is null or contains(report_type, type_like))
      and (from_year is null or report_year >= from_year)
      and (to_year is null or report_year <= to_year)
)
select
    documents.document_id,
    scores.ordinal,
    documents.issuer,
    documents.place,
    documents.report_year,
    documents.report_type,
    scores.score,
    phrases.document_key is not null as has_phrase,
from scores
join documents using (document_key)
left join phrases using (document_key, ordinal)
where not exact or phrases.document_key is not null;

-- search_sentences(q, ...): search_hits with each sentence's text, section and offsets, best first:
-- those holding q as written (has_phrase), then by score. top (default 100) keeps the best rows
-- only, and only their text is read; top := null returns every hit. Same arguments as search_hits.
create or replace macro search_sentences(q, k1 := 1.2, b := 0.75, issuer_like := null, type_like := null,
                                         from_year := null, to_year := null, include_appendix := false,
                                         exact := false, top := 100) as table
with
best as (
    select * from search_hits(q, k1 := k1, b := b, issuer_like := issuer_like, type_like := type_like,
                              from_year := from_year, to_year := to_year, include_appendix := include_appendix,
                              exact := exact)
    order by has_phrase desc, score desc, document_id, ordinal
    limit top
)
select
    best.document_id,
    best.issuer,
    best.place,
    best.report_year,
    best.report_type,
    sections.path as section_path,
    sentences.text as sentence,
    sentences.char_start,
    sentences.char_end,
    best.score,
    best.has_phrase,
    sentences.sentence_id,
    sentences.in_appendix,
-- the best rows' reports first: a join on the pair alone would read the text of every sentence
from best
join (select * from fact_sentence where document_id in (select document_id from best)) sentences
    on sentences.document_id = best.document_id and sentences.ordinal = best.ordinal
left join (select section_id, path from dim_section where document_id in (select document_id from best)) sections
    on sections.section_id = sentences.section_id
order by best.has_phrase desc, best.score desc, best.document_id, best.ordinal
