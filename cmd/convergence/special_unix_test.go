//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package main

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fifoReader reads a named pipe while a command writes into it. It opens
// the pipe for reading and writing at once, which does not wait for a
// writer (on Linux), so the reader is there before the command starts —
// a command opening the pipe without blocking finds it — and a read never
// ends early for want of a writer.
type fifoReader struct {
	f    *os.File
	done chan []byte
}

func readFIFO(t *testing.T, fifo string) *fifoReader {
	t.Helper()
	f, err := os.OpenFile(fifo, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	r := &fifoReader{f: f, done: make(chan []byte, 1)}
	go func() {
		var buf bytes.Buffer
		_, _ = io.Copy(&buf, f)
		r.done <- buf.Bytes()
	}()
	return r
}

// received is what came through the pipe once the command has ended:
// what is left is read, then the reader stops.
func received(t *testing.T, r *fifoReader) []byte {
	t.Helper()
	_ = r.f.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	defer r.f.Close()
	select {
	case data := <-r.done:
		return data
	case <-time.After(runLimit):
		t.Fatal("the reader of the named pipe did not stop")
	}
	return nil
}

// mode returns the type and permission bits of what is at name, without
// following a symbolic link.
func mode(t *testing.T, name string) fs.FileMode {
	t.Helper()
	info, err := os.Lstat(name)
	if err != nil {
		t.Fatal(err)
	}
	return info.Mode()
}

// TestOutputThroughSpecialFilesAsRoot runs the real command with -o and
// --save --force aimed at a named pipe with a reader, at /dev/fd/1, at
// /dev/null and at symbolic links, as root: root may rename over anything,
// so a write that replaced what is at the path would destroy a device or
// a link. Each must be written through and left in place.
func TestOutputThroughSpecialFilesAsRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("not root: this acceptance test runs as root (CI runs as root), where replacing a device or a link would succeed")
	}
	t.Parallel()
	p := newProgram(t)
	answers, err := filepath.Abs(filepath.Join("..", "..", "testdata", "answers", "example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want := p.run("", "score", "--answers", answers)
	wantJSON := p.run("", "score", "--answers", answers, "--format", "json")
	if want.code != 0 || len(want.stdout) == 0 || wantJSON.code != 0 {
		t.Fatalf("score: exit %d\n%s", want.code, want.stderr)
	}

	t.Run("a named pipe with a reader", func(t *testing.T) {
		for _, args := range [][]string{{"-o"}, {"--format", "json", "--force", "--save"}} {
			fifo := p.path("out.fifo")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Fatal(err)
			}
			got := readFIFO(t, fifo)
			o := p.run("", append(append([]string{"score", "--answers", answers}, args...), fifo)...)
			if o.code != 0 {
				t.Fatalf("%q: exit %d\n%s", args, o.code, o.stderr)
			}
			data := received(t, got)
			if args[0] == "-o" && !bytes.Equal(data, want.stdout) {
				t.Errorf("-o: the reader got %d bytes, want the report (%d bytes)", len(data), len(want.stdout))
			}
			if args[0] != "-o" && !bytes.Equal(data, wantJSON.stdout) {
				t.Errorf("--save: the reader got %q..., want the result", data[:min(len(data), 40)])
			}
			if m := mode(t, fifo); m&fs.ModeNamedPipe == 0 {
				t.Errorf("%q: the named pipe is now %v", args, m)
			}
			if err := os.Remove(fifo); err != nil {
				t.Fatal(err)
			}
		}
	})

	t.Run("/dev/fd/1 and /dev/stdout", func(t *testing.T) {
		for _, path := range []string{"/dev/fd/1", "/dev/stdout"} {
			o := p.run("", "score", "--answers", answers, "-o", path)
			if o.code != 0 || !bytes.Equal(o.stdout, want.stdout) {
				t.Errorf("-o %s: exit %d, %d bytes on stdout, want the report\n%s", path, o.code, len(o.stdout), o.stderr)
			}
		}
		if m := mode(t, "/dev/fd"); m&fs.ModeSymlink == 0 && !m.IsDir() {
			t.Errorf("/dev/fd is now %v", m)
		}
	})

	t.Run("/dev/null", func(t *testing.T) {
		before := mode(t, os.DevNull)
		for _, args := range [][]string{{"-o"}, {"--force", "--save"}} {
			o := p.run("", append(append([]string{"score", "--answers", answers}, args...), os.DevNull)...)
			if o.code != 0 {
				t.Errorf("%q: exit %d\n%s", args, o.code, o.stderr)
			}
		}
		if after := mode(t, os.DevNull); after != before || after&fs.ModeCharDevice == 0 {
			t.Errorf("/dev/null was %v and is now %v", before, after)
		}
	})

	t.Run("symbolic links", func(t *testing.T) {
		target := p.write("target.txt", "old")
		if err := os.Chmod(target, 0o640); err != nil {
			t.Fatal(err)
		}
		link := p.path("link.txt")
		if err := os.Symlink("target.txt", link); err != nil {
			t.Fatal(err)
		}
		dangling := p.path("dangling.json")
		if err := os.Symlink("new.json", dangling); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			args         []string
			link, target string
			want         []byte
		}{
			{[]string{"-o"}, link, target, want.stdout},
			{[]string{"--format", "json", "--force", "--save"}, link, target, wantJSON.stdout},
			{[]string{"--format", "json", "--force", "--save"}, dangling, p.path("new.json"), wantJSON.stdout},
		} {
			o := p.run("", append(append([]string{"score", "--answers", answers}, c.args...), c.link)...)
			if o.code != 0 {
				t.Fatalf("%q %s: exit %d\n%s", c.args, c.link, o.code, o.stderr)
			}
			if m := mode(t, c.link); m&fs.ModeSymlink == 0 {
				t.Errorf("%q: the link is now %v", c.args, m)
			}
			data, err := os.ReadFile(c.target)
			if err != nil || !bytes.Equal(data, c.want) {
				t.Errorf("%q: the target holds %d bytes (%v), want %d", c.args, len(data), err, len(c.want))
			}
		}
		if m := mode(t, target); m.Perm() != 0o640 {
			t.Errorf("the target's mode is %v, want 0640 kept", m.Perm())
		}
	})
}

// TestFilesRespectTheUmask runs the commands that write files under umask
// 077 and 022, as a user's shell would set it: a new file gets 0644 masked
// by the umask, a replaced file keeps its mode, and the history, which
// holds names and answers, is 0600 whatever the umask.
func TestFilesRespectTheUmask(t *testing.T) {
	t.Parallel()
	p := newProgram(t)
	answers, err := filepath.Abs(filepath.Join("..", "..", "testdata", "answers", "example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	perm := func(name string) fs.FileMode {
		t.Helper()
		return mode(t, name).Perm()
	}
	ok := func(o outcome) {
		t.Helper()
		if o.code != 0 {
			t.Fatalf("convergence %q: exit %d\n%s", o.args, o.code, o.stderr)
		}
	}
	for _, c := range []struct {
		umask string
		want  fs.FileMode
	}{{"077", 0o600}, {"022", 0o644}} {
		save, out := p.path("s-"+c.umask+".json"), p.path("o-"+c.umask+".txt")
		ok(p.runUmask(c.umask, "", "score", "--answers", answers, "--save", save, "-o", out))
		if perm(save) != c.want || perm(out) != c.want {
			t.Errorf("umask %s: --save gave %v, -o gave %v, want %v", c.umask, perm(save), perm(out), c.want)
		}
	}

	// Replacing a file keeps its mode, whatever the umask.
	private := p.write("private.txt", "old")
	if err := os.Chmod(private, 0o600); err != nil {
		t.Fatal(err)
	}
	ok(p.runUmask("022", "", "score", "--answers", answers, "-o", private))
	if perm(private) != 0o600 {
		t.Errorf("-o over a 0600 file left it %v", perm(private))
	}
	ok(p.runUmask("022", "", "score", "--answers", answers, "--force", "--save", private))
	if perm(private) != 0o600 {
		t.Errorf("--save --force over a 0600 file left it %v", perm(private))
	}

	// Workshop results respect the umask; the history is private.
	q := strings.Repeat("3\n", len(loadQ(t).Questions()))
	ok(p.runUmask("077", "Ana\n1\n"+q+"\n", "workshop", "--accessible", "--dir", "ws"))
	if got := perm(p.path("ws", "ana-marketing.json")); got != 0o600 {
		t.Errorf("umask 077: a workshop result is %v, want 0600", got)
	}
	ok(p.runUmask("022", "Ben\n2\n"+q+"\n", "workshop", "--accessible", "--dir", "ws"))
	if got := perm(p.path("ws", "ben-sales.json")); got != 0o644 {
		t.Errorf("umask 022: a workshop result is %v, want 0644", got)
	}
	ok(p.runUmask("000", q, "assess", "--respondent", "Ana", "--role", "it", "--format", "json"))
	results, err := filepath.Glob(p.path(".data", "convergence", "results", "*.json"))
	if err != nil || len(results) != 1 {
		t.Fatalf("history: %v, %v", results, err)
	}
	if got := perm(results[0]); got != 0o600 {
		t.Errorf("umask 000: the history's result is %v, want 0600", got)
	}
	if got := perm(filepath.Dir(results[0])); got != 0o700 {
		t.Errorf("umask 000: the history directory is %v, want 0700", got)
	}
}

// heldFIFO makes a named pipe at name and holds it open for reading and
// writing until the test ends: a program that opened it and read from it
// would then wait forever, for data that never comes.
func heldFIFO(t *testing.T, name string) {
	t.Helper()
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Fatal(err)
	}
	fd, err := syscall.Open(name, syscall.O_RDWR|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Close(fd) })
}

// TestNamedPipesNeverHang puts named pipes, held open so that reading one
// would wait forever, where the commands look for files by themselves: in
// a directory given to report and compare, in the history, in a workshop
// directory and where the draft belongs. Every command ends, says what the
// pipe is, and leaves it where it is; none is renamed as a damaged draft.
func TestNamedPipesNeverHang(t *testing.T) {
	t.Parallel()
	p := newProgram(t)
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	ok := func(o outcome) outcome {
		t.Helper()
		if o.code != 0 {
			t.Fatalf("convergence %q: exit %d\n%s", o.args, o.code, o.stderr)
		}
		return o
	}
	results := p.path("results")
	history := p.path(".data", "convergence", "results")
	for _, dir := range []string{results, history} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"capped-level2", "level5"} {
			ok(p.run("", "score", "--answers", filepath.Join(repo, "testdata", "answers", name+".yaml"), "--format", "json", "-o", filepath.Join(dir, name+".json")))
		}
		heldFIFO(t, filepath.Join(dir, "pipe.json"))
	}

	if o := ok(p.run("", "report", results)); !bytes.Contains(o.stdout, []byte("Where your teams disagree")) {
		t.Errorf("report DIR: no workshop report\n%s", o.stdout)
	}
	if o := ok(p.run("", "compare", results, "--format", "json")); !bytes.Contains(o.stdout, []byte(`"convergence.compare/v1"`)) {
		t.Errorf("compare DIR: no comparison\n%s", o.stdout)
	}
	// A pattern the shell did not expand is expanded the same way.
	if o := ok(p.run("", "report", filepath.Join(results, "*.json"))); !bytes.Contains(o.stdout, []byte("Where your teams disagree")) {
		t.Errorf("report PATTERN: no workshop report\n%s", o.stdout)
	}
	ok(p.run("", "compare", filepath.Join(results, "*.json")))
	o := ok(p.run("", "history"))
	if !bytes.Contains(o.stdout, []byte("2 results in ")) || !bytes.Contains(o.stderr, []byte("pipe.json: is a named pipe (FIFO), not a file")) {
		t.Errorf("history:\n%s\n%s", o.stdout, o.stderr)
	}

	// A workshop directory with a pipe among the results and one where the
	// draft belongs.
	ws := p.path("ws")
	if err := os.MkdirAll(ws, 0o755); err != nil {
		t.Fatal(err)
	}
	heldFIFO(t, filepath.Join(ws, "pipe.json"))
	heldFIFO(t, filepath.Join(ws, ".draft-convergence-core.json"))
	threes := strings.Repeat("3\n", len(loadQ(t).Questions()))
	o = ok(p.run("Ana\n1\n"+threes+"\n", "workshop", "--accessible", "--dir", ws))
	if !bytes.Contains(o.stderr, []byte(".draft-convergence-core.json is a named pipe (FIFO), not a file; remove it, or your answers are not kept if you stop")) {
		t.Errorf("workshop: the pipe for a draft is not said plainly:\n%s", o.stderr)
	}

	// The draft of an assessment.
	draft := p.path(".state", "convergence", "draft-convergence-core.json")
	if err := os.MkdirAll(filepath.Dir(draft), 0o700); err != nil {
		t.Fatal(err)
	}
	heldFIFO(t, draft)
	o = p.run("3\n3\n", "assess", "--respondent", "Ana", "--role", "it")
	if o.code != 2 || !bytes.Contains(o.stderr, []byte("draft-convergence-core.json is a named pipe (FIFO), not a file; remove it")) ||
		!bytes.Contains(o.stderr, []byte("input ended after question 2. Your answers could not be kept: the draft ")) {
		t.Errorf("assess: exit %d\n%s", o.code, o.stderr)
	}
	for _, fifo := range []string{draft, filepath.Join(ws, ".draft-convergence-core.json")} {
		if m := mode(t, fifo); m&fs.ModeNamedPipe == 0 {
			t.Errorf("%s is now %v", fifo, m)
		}
		aside, _ := filepath.Glob(fifo + ".*")
		if len(aside) > 0 {
			t.Errorf("the pipe was set aside as %v", aside)
		}
	}
}
