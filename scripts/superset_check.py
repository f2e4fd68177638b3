"""Drive a running Superset through its REST API: register the published database, add the views, chart
one, and run a search_sentences query in SQL Lab.

Usage: python superset_check.py SUPERSET_URL PUBLISHED_DUCKDB  (run with Superset's own interpreter)
"""

import sys
import time

import requests


def main(url: str, published: str) -> None:
    session = requests.Session()
    deadline = time.monotonic() + 180
    while True:
        try:
            if session.get(f"{url}/health", timeout=5).ok:
                break
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit("Superset did not answer in 180 s")
        time.sleep(2)
    login = session.post(f"{url}/api/v1/security/login",
                         json={"username": "admin", "password": "admin", "provider": "db", "refresh": True})
    login.raise_for_status()
    session.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    csrf = session.get(f"{url}/api/v1/security/csrf_token/")
    csrf.raise_for_status()
    session.headers.update({"X-CSRFToken": csrf.json()["result"], "Referer": url})

    uri = f"duckdb:///{published}?access_mode=read_only"
    database = session.post(f"{url}/api/v1/database/", json={"database_name": "baogao", "sqlalchemy_uri": uri,
                                                              "expose_in_sqllab": True})
    if not database.ok:
        raise SystemExit(f"registering the database failed: {database.status_code} {database.text}")
    database_id = database.json()["id"]
    print(f"registered {uri} as database {database_id}")

    tables = session.get(f"{url}/api/v1/database/{database_id}/tables/", params={"q": "(schema_name:main,force:!t)"})
    tables.raise_for_status()
    views = sorted(t["value"] for t in tables.json()["result"] if t["value"].startswith("v_"))
    print(f"views: {', '.join(views)}")
    if "v_indicators" not in views:
        raise SystemExit("v_indicators is not listed")
    datasets = {}
    for view in views:
        created = session.post(f"{url}/api/v1/dataset/", json={"database": database_id, "schema": "main",
                                                               "table_name": view})
        if not created.ok:
            raise SystemExit(f"dataset {view} failed: {created.status_code} {created.text}")
        datasets[view] = created.json()["id"]
    print(f"{len(datasets)} datasets")

    query = {
        "datasource": {"id": datasets["v_indicators"], "type": "table"},
        "queries": [{"columns": ["issuer", "kind"], "metrics": ["count"], "orderby": [["count", False]],
                     "row_limit": 50}],
        "result_format": "json", "result_type": "full",
    }
    chart = session.post(f"{url}/api/v1/chart/data", json=query)
    if not chart.ok:
        raise SystemExit(f"chart query failed: {chart.status_code} {chart.text}")
    rows = chart.json()["result"][0]["data"]
    if not rows:
        raise SystemExit("the chart query returned no rows")
    for row in rows:
        print(f"row: {row}")

    # search in SQL Lab, as an analyst types it: the macro of the published database
    sql = ("select issuer, report_year, round(score, 2) as score, sentence "
           "from search_sentences('营商环境', top := 5)")
    search = session.post(f"{url}/api/v1/sqllab/execute/", json={
        "database_id": database_id, "sql": sql, "schema": "main", "runAsync": False, "queryLimit": 5})
    if not search.ok:
        raise SystemExit(f"SQL Lab search failed: {search.status_code} {search.text}")
    found = search.json().get("data") or []
    if not found:
        raise SystemExit("the SQL Lab search returned no rows")
    for row in found:
        print(f"search: {row}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
