package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDraftRoundTripIsAtomic(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "convergence")
	name := DraftFile(dir, "convergence-core")
	if filepath.Base(name) != "draft-convergence-core.json" {
		t.Errorf("draft file = %s", name)
	}
	data, err := ReadDraft(name)
	if data != nil || err != nil {
		t.Fatalf("no draft yet: got %q, %v", data, err)
	}
	for _, content := range []string{`{"a":1}`, `{"a":2}`} {
		if err := WriteDraft(name, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := ReadDraft(name)
		if err != nil || string(got) != content {
			t.Fatalf("read %q, %v; want %q", got, err, content)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left beside the draft: %v", entries)
	}
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("draft mode = %v, want 0600: answers are private", perm)
	}
	if err := RemoveDraft(name); err != nil {
		t.Fatal(err)
	}
	if err := RemoveDraft(name); err != nil {
		t.Errorf("removing a missing draft: %v", err)
	}
}

func TestWriteDraftFailureKeepsTheOldDraft(t *testing.T) {
	dir := t.TempDir()
	name := DraftFile(dir, "q")
	if err := WriteDraft(name, []byte("old")); err != nil {
		t.Fatal(err)
	}
	// A directory in the way of the temporary file's rename makes the
	// write fail after the temporary file was written.
	blocked := filepath.Join(dir, "blocked")
	if err := os.MkdirAll(filepath.Join(blocked, "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	err := WriteDraft(blocked, []byte("new"))
	if err == nil || !strings.Contains(err.Error(), "cannot write") {
		t.Fatalf("err = %v", err)
	}
	got, _ := ReadDraft(name)
	if string(got) != "old" {
		t.Errorf("draft = %q", got)
	}
}

func TestWriteDraftUnwritableDirectory(t *testing.T) {
	// A path below a regular file cannot be created, even by root.
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err := WriteDraft(DraftFile(filepath.Join(file, "state"), "q"), []byte("x"))
	if err == nil || !strings.Contains(err.Error(), "cannot save the draft in") {
		t.Fatalf("err = %v", err)
	}
}

func TestReadDraftRefusesHugeFiles(t *testing.T) {
	name := filepath.Join(t.TempDir(), "draft-q.json")
	if err := os.WriteFile(name, make([]byte, MaxDraftSize+1), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadDraft(name); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("err = %v", err)
	}
}

func TestSetAsideKeepsEveryDraft(t *testing.T) {
	dir := t.TempDir()
	name := DraftFile(dir, "q")
	now := time.Date(2026, 11, 24, 14, 5, 0, 0, time.UTC)
	var aside []string
	for _, content := range []string{"first", "second"} {
		if err := WriteDraft(name, []byte(content)); err != nil {
			t.Fatal(err)
		}
		p, err := SetAside(name, "stale", now)
		if err != nil {
			t.Fatal(err)
		}
		aside = append(aside, p)
	}
	if filepath.Base(aside[0]) != "draft-q.json.stale-20261124T140500Z" || aside[0] == aside[1] {
		t.Errorf("set aside as %v", aside)
	}
	for i, want := range []string{"first", "second"} {
		got, _ := os.ReadFile(aside[i])
		if string(got) != want {
			t.Errorf("%s = %q, want %q", aside[i], got, want)
		}
	}
	if data, _ := ReadDraft(name); data != nil {
		t.Errorf("the draft is still in place: %q", data)
	}
}

func TestSaveResultNeverOverwrites(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "results")
	at := time.Date(2026, 11, 24, 14, 5, 0, 0, time.FixedZone("CET", 3600))
	name := ResultName(at, "convergence-core")
	if name != "2026-11-24T13-05-00Z-convergence-core.json" {
		t.Errorf("name = %s", name)
	}
	first, err := SaveResult(dir, name, []byte("1"))
	if err != nil {
		t.Fatal(err)
	}
	second, err := SaveResult(dir, name, []byte("2"))
	if err != nil {
		t.Fatal(err)
	}
	if first == second {
		t.Fatalf("both saved as %s", first)
	}
	if got, _ := os.ReadFile(first); string(got) != "1" {
		t.Errorf("the first result was overwritten: %q", got)
	}
}

func TestCreateFileRefusesToOverwrite(t *testing.T) {
	name := filepath.Join(t.TempDir(), "r.json")
	if err := CreateFile(name, []byte("1"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := CreateFile(name, []byte("2"), 0o644)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("err = %v, want fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(name); string(got) != "1" {
		t.Errorf("overwritten: %q", got)
	}
}

// A file where the state directory should be means there is no draft,
// and setting one aside fails with the real reason, not after a thousand
// tries at other names.
func TestDraftBelowAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(file, "convergence", "draft.json")
	if data, err := ReadDraft(name); data != nil || err != nil {
		t.Errorf("ReadDraft = %q, %v; want no draft", data, err)
	}
	_, err := SetAside(name, "damaged", time.Now())
	if err == nil || strings.Contains(err.Error(), "too many files") || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("SetAside: %v", err)
	}
}
