//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package store

import (
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
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
	}, {
		name: "a symlink to a file: the target is replaced, the link kept",
		setup: func(t *testing.T, dir string) (string, func(t *testing.T)) {
			other := filepath.Join(dir, "other")
			mkdir(t, other)
			target := filepath.Join(other, "t.txt")
			writeMode(t, target, "old", 0o640)
			link := filepath.Join(dir, "link.txt")
			symlink(t, filepath.Join("other", "t.txt"), link)
			return link, func(t *testing.T) {
				isSymlink(t, link)
				hasContent(t, target, data)
				if got := perm(t, target); got != 0o640 {
					t.Errorf("target mode = %v, want 0640 as before", got)
				}
				noTempFiles(t, other, "t.txt")
				noTempFiles(t, dir, "link.txt", "other")
			}
		},
	}, {
		name: "a chain of symlinks",
		setup: func(t *testing.T, dir string) (string, func(t *testing.T)) {
			target := filepath.Join(dir, "t.txt")
			writeMode(t, target, "old", 0o600)
			symlink(t, "t.txt", filepath.Join(dir, "b"))
			symlink(t, filepath.Join(dir, "b"), filepath.Join(dir, "a"))
			return filepath.Join(dir, "a"), func(t *testing.T) {
				isSymlink(t, filepath.Join(dir, "a"))
				isSymlink(t, filepath.Join(dir, "b"))
				hasContent(t, target, data)
				noTempFiles(t, dir, "a", "b", "t.txt")
			}
		},
	}, {
		// "sub/../t.txt" from a link whose sub is itself a link goes
		// where the kernel goes: beside sub's target, not beside the link.
		name: "a symlink through a linked directory",
		setup: func(t *testing.T, dir string) (string, func(t *testing.T)) {
			deep := filepath.Join(dir, "far", "deep")
			mkdir(t, deep)
			symlink(t, deep, filepath.Join(dir, "sub"))
			link := filepath.Join(dir, "link")
			symlink(t, "sub/../t.txt", link)
			return link, func(t *testing.T) {
				isSymlink(t, link)
				hasContent(t, filepath.Join(dir, "far", "t.txt"), data)
				noTempFiles(t, dir, "far", "link", "sub")
			}
		},
	}, {
		name: "a dangling symlink: the target is created",
		setup: func(t *testing.T, dir string) (string, func(t *testing.T)) {
			link := filepath.Join(dir, "link.txt")
			symlink(t, "new.txt", link)
			return link, func(t *testing.T) {
				isSymlink(t, link)
				hasContent(t, filepath.Join(dir, "new.txt"), data)
				noTempFiles(t, dir, "link.txt", "new.txt")
			}
		},
	}, {
		name: "a FIFO with a reader",
		setup: func(t *testing.T, dir string) (string, func(t *testing.T)) {
			fifo := filepath.Join(dir, "fifo")
			mkfifo(t, fifo)
			// Opening the reading end without O_NONBLOCK would wait
			// for a writer.
			fd, err := syscall.Open(fifo, syscall.O_RDONLY|syscall.O_NONBLOCK, 0)
			if err != nil {
				t.Fatal(err)
			}
			r := os.NewFile(uintptr(fd), fifo)
			t.Cleanup(func() { r.Close() })
			return fifo, func(t *testing.T) {
				if err := syscall.SetNonblock(fd, false); err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(r)
				if err != nil || string(got) != data {
					t.Errorf("read %q, %v from the FIFO", got, err)
				}
				isFIFO(t, fifo)
			}
		},
	}, {
		name: "a FIFO without a reader",
		setup: func(t *testing.T, dir string) (string, func(t *testing.T)) {
			fifo := filepath.Join(dir, "fifo")
			mkfifo(t, fifo)
			t.Cleanup(func() { isFIFO(t, fifo) })
			return fifo, nil
		},
		wantErr: "fifo: nothing is reading from the named pipe (FIFO)",
	}, {
		name: "/dev/fd/N of a pipe",
		setup: func(t *testing.T, _ string) (string, func(t *testing.T)) {
			r, w := pipe(t)
			return fmt.Sprintf("/dev/fd/%d", w.Fd()), func(t *testing.T) {
				w.Close()
				if got, err := io.ReadAll(r); err != nil || string(got) != data {
					t.Errorf("read %q, %v from the pipe", got, err)
				}
			}
		},
	}, {
		// As /dev/stdout is, on Linux: a link to /proc/self/fd/1,
		// itself a link to "pipe:[1234]", which is no path at all.
		name: "a symlink to /dev/fd/N of a pipe",
		setup: func(t *testing.T, dir string) (string, func(t *testing.T)) {
			r, w := pipe(t)
			link := filepath.Join(dir, "stdout")
			symlink(t, fmt.Sprintf("/dev/fd/%d", w.Fd()), link)
			return link, func(t *testing.T) {
				w.Close()
				if got, err := io.ReadAll(r); err != nil || string(got) != data {
					t.Errorf("read %q, %v from the pipe", got, err)
				}
				isSymlink(t, link)
			}
		},
	}, {
		name: "a descriptor that is not open",
		setup: func(t *testing.T, _ string) (string, func(t *testing.T)) {
			return "/dev/fd/1000000", nil
		},
		wantErr: "cannot write /dev/fd/1000000: file descriptor 1000000 is not open",
	}, {
		name: "a directory",
		setup: func(t *testing.T, dir string) (string, func(t *testing.T)) {
			adir := filepath.Join(dir, "adir")
			mkdir(t, filepath.Join(adir, "inside"))
			t.Cleanup(func() { noTempFiles(t, adir, "inside") })
			return adir, nil
		},
		wantErr: "adir: is a directory, not a file",
	}, {
		name: "a symlink to a directory",
		setup: func(t *testing.T, dir string) (string, func(t *testing.T)) {
			mkdir(t, filepath.Join(dir, "adir"))
			symlink(t, "adir", filepath.Join(dir, "link"))
			return filepath.Join(dir, "link"), nil
		},
		wantErr: "adir): is a directory, not a file",
	}, {
		name: "a socket",
		setup: func(t *testing.T, _ string) (string, func(t *testing.T)) {
			// Socket paths are short (108 bytes): not in t.TempDir().
			dir, err := os.MkdirTemp("", "sock")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(dir) })
			name := filepath.Join(dir, "s")
			l, err := net.Listen("unix", name)
			if err != nil {
				t.Skipf("cannot make a socket: %v", err)
			}
			t.Cleanup(func() { l.Close() })
			t.Cleanup(func() {
				if info, err := os.Lstat(name); err != nil || info.Mode()&fs.ModeSocket == 0 {
					t.Errorf("the socket was replaced: %v, %v", info, err)
				}
			})
			return name, nil
		},
		wantErr: "s: is a socket, which cannot be written as a file",
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

func TestWriteFileErrorsNameTheLinkAndItsTarget(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "link.txt")
	symlink(t, filepath.Join("missing", "t.txt"), link)
	err := WriteFile(link, []byte("x"), 0o644)
	if err == nil || !strings.Contains(err.Error(), "cannot write "+link+" (a link to "+filepath.Join(dir, "missing", "t.txt")+"): ") {
		t.Fatalf("err = %v", err)
	}
}

func TestWriteFileToDevNull(t *testing.T) {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("%s is not writable: %v", os.DevNull, err)
	}
	f.Close()
	// Only ever the write-through part: the plan is checked before
	// anything is written, so a bug cannot rename over /dev/null.
	p, err := planWrite(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	if p.how != writeThrough || p.path != os.DevNull {
		t.Fatalf("plan for %s = %+v, want to write through it", os.DevNull, p)
	}
	if err := p.write([]byte("x"), 0o644, false); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode()&fs.ModeCharDevice == 0 || info.Mode().Perm() != 0o666 {
		t.Errorf("%s is now %v", os.DevNull, info.Mode())
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

func pipe(t *testing.T) (r, w *os.File) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	return r, w
}
