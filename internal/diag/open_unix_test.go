//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package diag

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestOpenRegular(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T, dir string) string
		wantErr string // after "open NAME: "
		is      error
	}{{
		name: "a regular file",
		setup: func(t *testing.T, dir string) string {
			writeMode(t, filepath.Join(dir, "f"), "content", 0o600)
			return filepath.Join(dir, "f")
		},
	}, {
		name: "a symlink to a regular file",
		setup: func(t *testing.T, dir string) string {
			writeMode(t, filepath.Join(dir, "f"), "content", 0o600)
			symlink(t, "f", filepath.Join(dir, "link"))
			return filepath.Join(dir, "link")
		},
	}, {
		name: "nothing",
		setup: func(t *testing.T, dir string) string {
			return filepath.Join(dir, "missing")
		},
		wantErr: "no such file or directory",
		is:      fs.ErrNotExist,
	}, {
		name: "a FIFO",
		setup: func(t *testing.T, dir string) string {
			mkfifo(t, filepath.Join(dir, "fifo"))
			return filepath.Join(dir, "fifo")
		},
		wantErr: "is a named pipe (FIFO), not a file",
		is:      ErrNotRegular,
	}, {
		name: "a symlink to a FIFO",
		setup: func(t *testing.T, dir string) string {
			mkfifo(t, filepath.Join(dir, "fifo"))
			symlink(t, "fifo", filepath.Join(dir, "link"))
			return filepath.Join(dir, "link")
		},
		wantErr: "is a named pipe (FIFO), not a file",
		is:      ErrNotRegular,
	}, {
		name: "a directory",
		setup: func(t *testing.T, dir string) string {
			return dir
		},
		wantErr: "is a directory, not a file",
		is:      ErrNotRegular,
	}, {
		name: "a device",
		setup: func(t *testing.T, dir string) string {
			return os.DevNull
		},
		wantErr: "is a device, not a file",
		is:      ErrNotRegular,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := tt.setup(t, t.TempDir())
			done := make(chan struct{})
			var f *os.File
			var err error
			go func() {
				f, err = OpenRegular(name)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatalf("OpenRegular(%s) is waiting", name)
			}
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if got, err := io.ReadAll(f); err != nil || string(got) != "content" {
					t.Errorf("read %q, %v", got, err)
				}
				return
			}
			if err == nil {
				f.Close()
				t.Fatalf("opened %s", name)
			}
			var pe *fs.PathError
			if want := "open " + name + ": " + tt.wantErr; err.Error() != want || !errors.As(err, &pe) || !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want %q wrapping %v", err, want, tt.is)
			}
		})
	}
}

// The check after opening: a FIFO put where a file was between the Stat
// and the open is refused too, without waiting for a writer.
func TestOpenRegularChecksWhatItOpened(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	mkfifo(t, fifo)
	f, err := openNonBlocking(fifo, false)
	if err == nil {
		f.Close()
		t.Fatal("opened a FIFO")
	}
	if !errors.Is(err, ErrNotRegular) {
		t.Errorf("err = %v", err)
	}
}

func mkfifo(t *testing.T, name string) {
	t.Helper()
	if err := syscall.Mkfifo(name, 0o600); err != nil {
		t.Fatal(err)
	}
}

func writeMode(t *testing.T, name, content string, mode fs.FileMode) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(name, mode); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}
