// Package golden compares test output with files under testdata/golden and
// rewrites them when tests run with UPDATE_GOLDEN=1 in the environment
// (an environment variable rather than a flag, so that "go test ./..."
// passes it to every package, including those without this one). The diff
// of a refreshed file is reviewed like code.
package golden

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Update reports whether golden files are being rewritten:
// UPDATE_GOLDEN=1 go test ./...
func Update() bool { return os.Getenv("UPDATE_GOLDEN") == "1" }

// Assert compares got with testdata/golden/<name> and, with UPDATE_GOLDEN=1,
// rewrites the file instead.
func Assert(t testing.TB, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if Update() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run UPDATE_GOLDEN=1 go test ./... to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs from the golden file (-want +got):\n%s", path, diff)
	}
}
