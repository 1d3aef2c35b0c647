#!/usr/bin/env bash
# Promotion and reporting with curl against a running `ocop serve` (README: "Promotion and
# reporting"): a fair with certified products, results, a point of sale, the province's figures.
# Run it on a fresh database:
#
#   swift run ocop serve --config config.yaml &        # in another terminal
#   OCOP="swift run ocop" docs/examples/promotion.sh
#
# Needs curl and python3 (to read JSON). Every step prints what the platform answered.
set -euo pipefail
URL="${OCOP_URL:-http://127.0.0.1:8080}"
API="$URL/api/v1"
OCOP="${OCOP:-swift run -q ocop}"
CONFIG="${OCOP_CONFIG:-config.yaml}"
TAG="${TAG:-$(date +%s)}"
PASSWORD="mot mat khau du dai"
WORK="$(mktemp -d)"

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }
call() { # call TOKEN METHOD PATH [JSON]
  local token="$1" method="$2" path="$3" body="${4:-}"
  if [ -n "$body" ]; then
    curl -sS -X "$method" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data "$body" "$API$path"
  else
    curl -sS -X "$method" -H "Authorization: Bearer $token" "$API$path"
  fi
}
account() { # account NAME ROLE [flags…] → prints a token
  echo "$PASSWORD" | $OCOP users create --username "$1-$TAG" --role "$2" "${@:3}" --password-stdin --config "$CONFIG" >/dev/null
  $OCOP users token --username "$1-$TAG" --config "$CONFIG" 2>/dev/null
}

echo "== 1. Hà Nội's registry: 300 generated products with their past decisions, imported"
$OCOP generate --province 01 --products 300 --seed 7 --out "$WORK" >/dev/null
$OCOP import subjects "$WORK/subjects.csv" --province 01 --config "$CONFIG" | tail -n 1
$OCOP import products "$WORK/products.csv" --province 01 --config "$CONFIG" | tail -n 1
OFFICER=$(account can-bo-tinh province_officer --province 01)
# Two products holding a valid 4★ certificate today, and the producer of the first.
FOUND=$(call "$OFFICER" GET "/products?province=01&stars=4&limit=2")
P1=$(echo "$FOUND" | json "d['items'][0]['id']"); P2=$(echo "$FOUND" | json "d['items'][1]['id']")
S1=$(echo "$FOUND" | json "d['items'][0]['subject_id']")
PRODUCER=$(account nha-san-xuat producer --subject "$S1")
echo "products $P1 and $P2 (4★); producer of $P1: subject $S1"

echo "== 2. The officer records a fair under way (only certified products, 2 booths) and opens it"
START=$(python3 -c "import datetime; print(datetime.date.today() - datetime.timedelta(days=2))")
END=$(python3 -c "import datetime; print(datetime.date.today() + datetime.timedelta(days=2))")
EVENT=$(call "$OFFICER" POST /events "{\"kind\":\"fair\",\"title\":\"Hội chợ OCOP Hà Nội $TAG\",\"organiser\":\"Sở Nông nghiệp và Môi trường Hà Nội\",\"province_code\":\"01\",\"starts_on\":\"$START\",\"ends_on\":\"$END\",\"venue\":{\"address\":\"Cung Văn hóa Hữu nghị, 91 Trần Hưng Đạo\"},\"booth_capacity\":2,\"eligibility\":[\"only-certified\"]}" | json "d['id']")
call "$OFFICER" POST "/events/$EVENT/transitions" '{"to":"open"}' | json "'event %s is %s' % (d['id'], d['state'])"
echo "-- an event ending before it starts is refused:"
call "$OFFICER" POST /events "{\"kind\":\"fair\",\"title\":\"Sai ngày\",\"organiser\":\"x\",\"province_code\":\"01\",\"starts_on\":\"$END\",\"ends_on\":\"$START\",\"venue\":{\"address\":\"x\"},\"booth_capacity\":2}" | json "d['errors']"

echo "== 3. The producer applies with its product for booth 1"
REG=$(call "$PRODUCER" POST "/events/$EVENT/registrations" "{\"subject_id\":$S1,\"product_ids\":[$P1],\"booth\":1}")
echo "$REG" | json "'registration %s: %s, booth %s' % (d['id'], d['state'], d['booth'])"

echo "== 4. Results for booth 1 in integer đồng (a fraction of a đồng is refused), then the fair closes (it has started)"
call "$OFFICER" POST "/events/$EVENT/results" '{"rows":[{"booth":1,"visitors":1200,"orders":310,"revenue_total":45000000.5,"revenue_ocop":38000000}]}' | json "d['errors'][0]"
call "$OFFICER" POST "/events/$EVENT/results" '{"rows":[{"booth":1,"visitors":1200,"orders":310,"revenue_total":45000000,"revenue_ocop":38000000}]}' | json "'revenue %s đồng, OCOP %s' % (d['revenue_total'], d['revenue_ocop'])"
call "$OFFICER" POST "/events/$EVENT/transitions" '{"to":"closed"}' | json "'event %s is %s' % (d['id'], d['state'])"

echo "== 5. A point of sale at a craft village with the second product on its shelf"
OUTLET=$(call "$OFFICER" POST /outlets "{\"kind\":\"point_of_sale\",\"name\":\"Điểm bán OCOP Bát Tràng $TAG\",\"location_type\":\"craft_village\",\"operator\":\"HTX Gốm Bát Tràng\",\"commune_code\":\"00577\",\"opened_on\":\"2026-01-15\"}" | json "d['id']")
call "$OFFICER" POST "/outlets/$OUTLET/products" "{\"product_id\":$P2}" | json "[(p['product_name'], p['stars']) for p in d['products']]"

echo "== 6. The province's figures: stars by sector today, promotion coverage, the 2025 targets"
call "$OFFICER" GET "/reports/statistics/by-sector?province=01" | json "(d['title'], d['as_of'], d['rows'][:3])"
call "$OFFICER" GET "/reports/statistics/promotion-coverage?province=01" | json "(d['title'], d['rows'])"
call "$OFFICER" GET "/reports/workbook.xlsx?province=01" > "$WORK/ha-noi.xlsx"
echo "workbook: $(wc -c < "$WORK/ha-noi.xlsx") bytes ($WORK/ha-noi.xlsx)"
call "$OFFICER" GET "/reports/charts/stars-by-sector.svg?province=01" | head -c 200; echo
curl -sS "$API/events/calendar/01.ics" | head -n 12
