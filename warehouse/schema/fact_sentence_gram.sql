-- fact_sentence_gram: one row per occurrence of a character bigram or ASCII word in a sentence: the search index
-- (transforms/search_index.py gives the numbering; search_sentences in macros/search.sql reads it).
-- A report is its document_id as a number, document_key: a search groups its hits by sentence, and a
-- number groups, and is stored, for less than the id's text; printf('%016x', document_key) gives the id back.
create table if not exists fact_sentence_gram (
    document_key ubigint not null,        -- the report's document_id, its 16 hex digits read as a number
    ordinal integer not null,             -- fact_sentence.ordinal of the sentence in its document
    gram bigint not null,                 -- a Chinese bigram (or a run's last character alone) > 0; an ASCII word < 0
    lead_char integer,                    -- code point of the Chinese character the entry starts with; null for a word
    position integer not null,            -- characters from the sentence's start
    sentence_chars integer not null,      -- the sentence's length: BM25's document length
    in_appendix boolean not null default false
);
