-- v_indicators: one row per numeric indicator, with its section, sentence and report
with

indicators as (
    select * from fact_indicator
),

documents as (
    select * from dim_document
),

units as (
    select * from dim_unit
),

joined as (
    select
        -- ids
        indicators.indicator_id,
        indicators.document_id,
        indicators.section_id,
        indicators.section_path,
        -- the figure
        indicators.raw_text,
        indicators.value,
        indicators.scale,
        indicators.normalized_value,
        indicators.value_high,
        indicators.normalized_high,
        indicators.unit,
        units.unit_family,
        indicators.qualifier,
        indicators.kind,
        indicators.context,
        indicators.measure,
        indicators.sentence,
        indicators.in_appendix,
        -- the report
        documents.issuer,
        documents.admin_level,
        documents.report_year,
        documents.report_type,
        -- offsets
        indicators.char_start,
        indicators.char_end,
        indicators.source_char_start,
        indicators.source_char_end,
    from indicators
    left join documents on documents.document_id = indicators.document_id
    -- a compound unit (吨/年) takes the family of its first part
    left join units on units.unit = split_part(indicators.unit, '/', 1)
)

select * from joined
