package result

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// seedResults are real result documents to start from.
func seedResults(t testing.TB) [][]byte {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "report", "testdata", "golden", "*.json"))
	var out [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, data)
	}
	if len(out) == 0 {
		t.Fatal("no golden results to seed from")
	}
	return out
}

func TestFastSummaryMatchesEncodingJSON(t *testing.T) {
	cases := seedResults(t)
	cases = append(cases,
		[]byte(`{"schema":"convergence.result/v1","respondent":{"name":"Zo\u00eb \"Z\" Ünal","role":"it"},"answers":[{"question":"a.b","status":"answered","level":3,"extra":[1,{"x":null},true,false,-1.5e3]}],"overall":{"level":2,"index":12.5}}`),
		[]byte(`{"Schema":"convergence.result/v1"}`),
		[]byte(`{"schema":"convergence.result/v1","overall":{"level":2.0}}`),
		[]byte(`{"schema":"convergence.result/v1","overall":null}`),
		[]byte(`{"schema":"convergence.result/v1","answers":[{"level":01}]}`),
		[]byte(`{"schema":"convergence.result/v1"} x`),
		[]byte(`{"schema":"convergence.result/v1","respondent":{"name":"\ud800"}}`),
		[]byte("{\"schema\":\"a\tb\"}"),
		[]byte(`{"schema":"convergence.result/v1","assessed_at":"2026-13-01T00:00:00Z"}`),
	)
	for i, data := range cases {
		checkAgreement(t, i, data)
	}
}

// checkAgreement asserts that whatever the fast decoder accepts, encoding/json
// accepts and decodes to the same Summary.
func checkAgreement(t *testing.T, i int, data []byte) {
	t.Helper()
	var fast, slow Summary
	if !fastSummary(data, &fast) {
		return
	}
	if err := json.Unmarshal(data, &slow); err != nil {
		t.Fatalf("case %d: the fast decoder accepted what encoding/json refuses (%v):\n%s", i, err, data)
	}
	if diff := cmp.Diff(slow, fast); diff != "" {
		t.Fatalf("case %d: decoders disagree (-encoding/json +fast):\n%s", i, diff)
	}
}

func TestFastSummaryTakesRealResults(t *testing.T) {
	for _, data := range seedResults(t) {
		var s Summary
		if !fastSummary(data, &s) {
			t.Fatal("the fast path gave up on a real result")
		}
	}
}

func FuzzFastSummary(f *testing.F) {
	for _, data := range seedResults(f) {
		f.Add(data)
	}
	f.Add([]byte(`{"schema":"convergence.result/v1","answers":[{"question":"x","level":3}],"dimensions":[{"id":"d","score":2.5}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkAgreement(t, 0, data)
	})
}
