-- v_indicator_series: one row per figure of a current document, keyed by its series (same issuer, measure, unit, kind)
with

indicators as (
    select * from fact_indicator
),

documents as (
    select * from v_documents where is_current
),

keyed as (
    select
        -- the series: what is measured, by whom, in which unit
        concat_ws(' | ', documents.issuer, indicators.measure, coalesce(indicators.unit, '-'), indicators.kind)
            as series_key,
        documents.issuer,
        documents.report_year,
        indicators.unit,
        indicators.kind,
        indicators.normalized_value,
        indicators.context,
        indicators.document_id,
        indicators.indicator_id,
        indicators.measure,
        indicators.raw_text,
    from indicators
    join documents on documents.document_id = indicators.document_id
    where documents.issuer is not null and documents.report_year is not null
),

with_years as (
    select
        *,
        count(distinct report_year) over (partition by series_key) as years_in_series,
    from keyed
)

select * from with_years
