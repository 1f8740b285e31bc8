package main

import (
	"os"
	"path/filepath"
	"testing"
)

// The committed command reference is what the commands generate; after
// changing a command's help, run "go generate ./internal/cli".
func TestCommandReferenceIsUpToDate(t *testing.T) {
	dir := t.TempDir()
	if err := writeDocs(dir); err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{"commands", "man"} {
		want, _ := filepath.Glob(filepath.Join("..", "..", "..", "docs", sub, "*"))
		got, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
		if len(want) != len(got) {
			t.Errorf("docs/%s has %d files, the commands make %d: run go generate ./internal/cli", sub, len(want), len(got))
		}
		for _, g := range got {
			gb, _ := os.ReadFile(g)
			wb, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", sub, filepath.Base(g)))
			if err != nil || string(gb) != string(wb) {
				t.Errorf("docs/%s/%s is out of date: run go generate ./internal/cli", sub, filepath.Base(g))
			}
		}
	}
}
