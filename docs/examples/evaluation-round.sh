#!/usr/bin/env bash
# One OCOP evaluation round under QĐ 1489, from dossier to certificate, with the CLI and curl
# against a running `ocop serve` (README: "One evaluation round"). Run it on a fresh database:
#
#   swift run ocop serve --config config.yaml &        # in another terminal
#   OCOP="swift run ocop" docs/examples/evaluation-round.sh
#
# Needs curl and python3 (to read JSON). Every step prints what the platform answered.
set -euo pipefail
URL="${OCOP_URL:-http://127.0.0.1:8080}"
API="$URL/api/v1"
OCOP="${OCOP:-swift run -q ocop}"
CONFIG="${OCOP_CONFIG:-config.yaml}"
TAG="${TAG:-$(date +%s)}"   # keeps usernames and tax codes unique if the script runs twice
PASSWORD="mot mat khau du dai"

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

echo "== 1. Accounts: a province officer (Hà Nội, 01), the commune officer of Bát Tràng (00577), three council members"
OFFICER=$(account can-bo-tinh province_officer --province 01)
COMMUNE=$(account xa-bat-trang commune_officer --province 01 --commune 00577)
CHAIR=$(account chu-tich council_member --province 01)
M1=$(account thanh-vien-1 council_member --province 01)
M2=$(account thanh-vien-2 council_member --province 01)

echo "== 2. The producer and its product (set 20: household goods and décor)"
TAX=$(python3 -c "
import random, sys
random.seed(int(sys.argv[1]))
w=[31,29,23,19,17,13,7,5,3]
while True:
    d=[0,1]+[random.randint(0,9) for _ in range(7)]
    c=10-sum(a*b for a,b in zip(w,d))%11
    if c<10: print(''.join(map(str,d))+str(c)); break" "$TAG")
SUBJECT=$(call "$OFFICER" POST /subjects "{\"registration_number\":\"$TAX\",\"name\":\"HTX Gốm Bát Tràng $TAG\",\"legal_form\":\"hop_tac_xa\",\"commune_code\":\"00577\"}" | json "d['id']")
PRODUCT=$(call "$OFFICER" POST /products "{\"subject_id\":$SUBJECT,\"name\":\"Bình gốm men lam $TAG\",\"product_set\":20}" | json "d['id']")
PRODUCER=$(account htx-gom producer --subject "$SUBJECT")
echo "subject $SUBJECT, product $PRODUCT"

echo "== 3. The producer files a dossier, self-assesses, attaches the registration form and submits"
DOSSIER=$(call "$PRODUCER" POST /rating/dossiers "{\"product_id\":$PRODUCT,\"kind\":\"new\"}" | json "d['id']")
SET=$(curl -sS "$API/rating/criteria-sets/148/20")
# A sheet from the set: here the best option of every criterion (one alternative per choice group).
best() { echo "$SET" | python3 -c "
import json,sys
s=json.load(sys.stdin); pts={}
for part in s['parts']:
    for g in part['groups']:
        cs=g['criteria'][:1] if g['pick']=='one' else g['criteria']
        for c in cs: pts[c['id']]=max(o['points'] for o in c['options'])
print(json.dumps({'points':pts}))"; }
SHEET=$(best)
call "$PRODUCER" PUT "/rating/dossiers/$DOSSIER/self-assessment" "$SHEET" | json "'self-assessment: %s points, expects %s★' % (d['self_assessment']['total'], d['self_assessment']['stars'])"
printf '%%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%%%EOF\n' > "/tmp/dang-ky-$TAG.pdf"
curl -sS -X POST -H "Authorization: Bearer $PRODUCER" -H 'Content-Type: application/pdf' --data-binary "@/tmp/dang-ky-$TAG.pdf" \
  "$API/rating/dossiers/$DOSSIER/attachments?kind=registration_form" | json "'attached %s (%s bytes, sha256 %s…)' % (d['kind'], d['bytes'], d['sha256'][:12])"
call "$PRODUCER" POST "/rating/dossiers/$DOSSIER/transitions" '{"to":"submitted"}' | json "'dossier %s: %s' % (d['id'], d['state'])"

echo "== 4. The commune pre-assesses (QĐ 1489: the form and four local criteria) and forwards to the province"
call "$COMMUNE" POST "/rating/dossiers/$DOSSIER/pre-assessment" \
  '{"origin_local_materials":true,"local_labour":true,"idea_origin":true,"local_identity":true,"form_complete":true,"forward":true}' \
  | json "'dossier %s: %s at the %s level' % (d['id'], d['state'], d['stage'])"

echo "== 5. The province sets up its council, opens a round, puts the dossier in"
COUNCIL=$(call "$OFFICER" POST /rating/councils '{"level":"province","province_code":"01","name":"Hội đồng đánh giá, phân hạng sản phẩm OCOP thành phố Hà Nội","decision_number":"1234/QĐ-UBND","established_on":"2026-03-02"}' | json "d['id']")
ROUND=$(call "$OFFICER" POST "/rating/councils/$COUNCIL/rounds" "{\"name\":\"Đợt 2 năm 2026\",\"year\":2026,\"opens_on\":\"2026-06-01\",\"members\":[{\"username\":\"chu-tich-$TAG\",\"seat\":\"chair\"},{\"username\":\"thanh-vien-1-$TAG\",\"seat\":\"member\"},{\"username\":\"thanh-vien-2-$TAG\",\"seat\":\"member\"}]}" | json "d['id']")
call "$OFFICER" POST "/rating/rounds/$ROUND/dossiers" "{\"dossier_ids\":[$DOSSIER]}" | json "'round %s: %s dossier(s)' % (d['id'], d['dossiers'])"

echo "== 6. Each member fills and submits their own sheet; the chair closes scoring"
for token in "$CHAIR" "$M1" "$M2"; do
  call "$token" PUT "/rating/dossiers/$DOSSIER/sheet" "$SHEET" >/dev/null
  call "$token" POST "/rating/dossiers/$DOSSIER/sheet/submit" | json "'%s submitted %s points' % (d['username'], d['total'])"
done
call "$CHAIR" POST "/rating/dossiers/$DOSSIER/close" '{}' \
  | json "'\n'.join(['result: %.2f points, %s★, %s' % (d['results'][-1]['score'], d['results'][-1]['stars'], d['results'][-1]['outcome'])] + d['results'][-1]['explanation'])"

echo "== 7. The province decides: stars enter the registry's ledger, a certificate valid 36 months"
call "$OFFICER" POST /rating/decisions "{\"number\":\"5678/QĐ-UBND-$TAG\",\"decided_on\":\"$(date +%F)\",\"level\":\"province\",\"dossier_ids\":[$DOSSIER]}" \
  | json "'decision %s: ' % d['number'] + ', '.join('%s %s★ certificate %s until %s' % (i['product_name'], i['stars'], i['certificate_number'], i['valid_until']) for i in d['items'])"
curl -sS "$API/products/$PRODUCT" | json "'the registry: %s holds %s★' % (d['name'], d.get('stars'))"
curl -sS "$API/rating/results?province=01&limit=3" | json "'public results: ' + '; '.join('%s %s★ (%s)' % (i['product_name'], i['stars'], i['decision_number']) for i in d['items'])"

echo "== 8. Tamper evidence: every sheet, move and decision is hash-chained"
$OCOP rating verify --config "$CONFIG"
