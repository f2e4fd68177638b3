-- fact_indicator: one row per numeric indicator found in a report
create table if not exists fact_indicator (
    -- ids
    indicator_id varchar not null,
    document_id varchar not null,
    section_id varchar,
    sentence_id varchar,
    ordinal integer not null,
    -- the figure
    raw_text varchar not null,            -- as written in the normalised text
    value double not null,                -- the number as written
    scale bigint not null,                -- 1, 10^4 (万), 10^8 (亿), 10^12 (万亿) ...
    normalized_value double not null,     -- value * scale; percentages stay in percent
    unit varchar,                         -- null when no unit is written
    qualifier varchar,                    -- 余 / 近 / 超 / 约 / 累计 / 以上 / 左右
    kind varchar not null,                -- count / money / percent / growth_rate / ratio / duration / other
    context varchar not null,             -- the clause that says what is measured
    measure varchar not null,             -- context without figures, dates, qualifiers; # for the figure
    section_path varchar,                 -- dim_section.path of its section, kept here for the analysts' view
    sentence varchar,                     -- fact_sentence.text of its sentence, likewise
    -- offsets
    char_start integer not null,
    char_end integer not null,
    source_char_start integer not null,
    source_char_end integer not null,
    -- a range (4.5-5%, 5-8家) is one figure: value is its low end, these its high end; null for one figure
    value_high double,
    normalized_high double,
    in_appendix boolean not null default false  -- in an appendix (附件, 名词解释), not the main body
);
