//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package store

import (
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Tests in this package do not run in parallel: TestFileModesFollowTheUmask
// changes the umask of the whole process.

// currentUmask reads the umask, which can only be done by setting it.
func currentUmask() fs.FileMode {
	old := syscall.Umask(0)
	syscall.Umask(old)
	return fs.FileMode(old)
}

// withUmask runs the rest of the test with umask mask.
func withUmask(t *testing.T, mask int) {
	t.Helper()
	old := syscall.Umask(mask)
	t.Cleanup(func() { syscall.Umask(old) })
}

func TestWriteFile(t *testing.T) {
	const data = "new content\n"
	umask := currentUmask()
	tests := []struct {
		name string
		// setup prepares dir and returns the path to write and a check
		// to run after a successful write.
		setup   func(t *testing.T, dir string) (string, func(t *testing.T))
		wantErr string
	}{{
		name: "nothing there",
		setup: func(t *testing.T, dir string) (string, func(t *testing.T)) {
			name := filepath.Join(dir, "r.txt")
			return name, func(t *testing.T) {
				hasContent(t, name, data)
				if got, want := perm(t, name), 0o644&^umask; got != want {
					t.Errorf("mode = %v, want %v", got, want)
				}
				noTempFiles(t, dir, "r.txt")
			}
		},
	}, {
		name: "a regular file keeps its mode",
		setup: func(t *testing.T, dir string) (string, func(t *testing.T)) {
			name := filepath.Join(dir, "r.txt")
			writeMode(t, name, "old", 0o600)
			return name, func(t *testing.T) {
				hasContent(t, name, data)
				if got := perm(t, name); got != 0o600 {
					t.Errorf("mode = %v, want 0600 as before", got)
				}
				noTempFiles(t, dir, "r.txt")
			}
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			name, check := tt.setup(t, dir)
			err := writeWithin(t, 5*time.Second, name, []byte(data))
			if tt.wantErr != "" {
				if err == nil || !strings.HasSuffix(err.Error(), tt.wantErr) || strings.Count(err.Error(), "cannot write") != 1 {
					t.Fatalf("err = %v, want one ending %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			check(t)
		})
	}
}

// writeWithin runs WriteFile, failing the test if it hangs.
func writeWithin(t *testing.T, d time.Duration, name string, data []byte) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- WriteFile(name, data, 0o644) }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		t.Fatalf("WriteFile(%s) still waiting after %v", name, d)
		return nil
	}
}

func TestFileModesFollowTheUmask(t *testing.T) {
	dir := t.TempDir()
	withUmask(t, 0o077)
	if err := WriteFile(filepath.Join(dir, "w"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := CreateFile(filepath.Join(dir, "c"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	n, err := WriteNew(filepath.Join(dir, "n"), []byte("x"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"w", "c", filepath.Base(n)} {
		if got := perm(t, filepath.Join(dir, name)); got != 0o600 {
			t.Errorf("%s: mode = %v under umask 077, want 0600", name, got)
		}
	}

	// A file the user may share is not forced private either.
	withUmask(t, 0o022)
	if err := CreateFile(filepath.Join(dir, "shared"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := perm(t, filepath.Join(dir, "shared")); got != 0o644 {
		t.Errorf("shared: mode = %v under umask 022, want 0644", got)
	}

	// Results and drafts are private whatever the umask.
	withUmask(t, 0)
	saved, err := SaveResult(filepath.Join(dir, "results"), "r.json", []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	draft := DraftFile(filepath.Join(dir, "state"), "q")
	if err := WriteDraft(draft, []byte("x")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{saved, draft} {
		if got := perm(t, name); got != 0o600 {
			t.Errorf("%s: mode = %v under umask 0, want 0600", name, got)
		}
	}
}
