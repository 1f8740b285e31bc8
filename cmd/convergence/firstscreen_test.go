//go:build !windows

package main

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// BenchmarkFirstScreen measures, for the built binary started in a
// pseudo-terminal, the wall time from starting the process until the
// welcome screen's title is on the screen. Nothing answers the terminal
// queries a program may send, as with terminals that ignore colour
// queries: a program that waited for an answer would show it here. The
// "version" case is the floor: starting the binary until its one line of
// output arrives. Run it with scripts/first-screen.sh.
func BenchmarkFirstScreen(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "convergence")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	home := b.TempDir()
	env := []string{"TERM=xterm-256color", "HOME=" + home,
		"XDG_STATE_HOME=" + filepath.Join(home, "state"), "XDG_DATA_HOME=" + filepath.Join(home, "data")}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"version", []string{"version"}, "convergence "},
		{"welcome", []string{"assess"}, "Convergence Maturity Diagnostic"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var times []time.Duration
			for b.Loop() {
				times = append(times, firstScreen(b, bin, env, c.args, c.want))
			}
			// A shared machine has outliers; the median and the 90th
			// percentile say more than the mean.
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2])/1e6, "ms-median")
			b.ReportMetric(float64(times[len(times)*9/10])/1e6, "ms-p90")
		})
	}
}

// firstScreen starts the program and returns how long it took until the
// screen showed want.
func firstScreen(b *testing.B, bin string, env, args []string, want string) time.Duration {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	begin := time.Now()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 100})
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		f.Close()
	}()
	var mu sync.Mutex
	scr := newScreen(40, 100)
	seen := make(chan time.Duration, 1)
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			mu.Lock()
			scr.write(buf[:n])
			found := strings.Contains(scr.text(), want)
			mu.Unlock()
			if found {
				seen <- time.Since(begin)
				return
			}
			if err != nil {
				return
			}
		}
	}()
	select {
	case d := <-seen:
		return d
	case <-time.After(waitLimit):
		mu.Lock()
		defer mu.Unlock()
		b.Fatalf("no %q on the screen after %v:\n%s", want, waitLimit, scr.text())
	}
	return 0
}
