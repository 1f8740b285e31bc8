// Command collectload measures "convergence collect" under a room's worth
// of load and more: it builds the program, starts a collection on
// loopback, has N simulated participants (200 by default) complete the
// questionnaire at once, each from its own loopback address as separate
// phones would be, then stops the server with SIGINT as a facilitator's
// Ctrl-C does. It prints how many finished, the page latencies (every
// request, redirects included), the server's peak memory, and checks that
// nothing was lost: one result file and one report entry per participant,
// no draft left.
//
//	go run ./scripts/collectload            # 200 participants, 2 s a page
//	go run ./scripts/collectload -think 0   # all pages sent back to back
//	go run ./scripts/collectload -n 50
//
// Linux only (it reads the server's peak memory from /proc). Every request
// goes to 127.0.0.1; the run is bounded by -timeout.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/convergence-model/convergence/internal/collect/collecttest"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

func main() {
	n := flag.Int("n", 200, "participants")
	think := flag.Duration("think", 2*time.Second, "mean time a participant spends on a page before sending it (0: none at all)")
	timeout := flag.Duration("timeout", 5*time.Minute, "stop the whole run after this long")
	where := flag.String("tmp", "", "`DIR` to hold the workshop (default: the system's temporary directory); /dev/shm shows the cost of the disk")
	flag.Parse()
	if err := run(*n, *think, *timeout, *where); err != nil {
		fmt.Fprintln(os.Stderr, "collectload:", err)
		os.Exit(1)
	}
}

var joinLink = regexp.MustCompile(`http://127\.0\.0\.1:\d+/[a-z2-7]{26}/`)

func run(n int, think, timeout time.Duration, where string) error {
	if n < 1 || n > 60000 {
		return errors.New("-n must be between 1 and 60000")
	}
	tmp, err := os.MkdirTemp(where, "collectload")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "convergence")
	build := exec.Command("go", "build", "-o", bin, "./cmd/convergence")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building: %w", err)
	}
	dir := filepath.Join(tmp, "workshop")
	reportFile := filepath.Join(tmp, "report.json")
	srv := exec.Command(bin, "collect", "--dir", dir, "--listen", "127.0.0.1:0", "--format", "json", "-o", reportFile)
	stderr, err := srv.StderrPipe()
	if err != nil {
		return err
	}
	if err := srv.Start(); err != nil {
		return err
	}
	killed := time.AfterFunc(timeout, func() { _ = srv.Process.Kill() })
	defer killed.Stop()
	lines := bufio.NewScanner(stderr)
	link := ""
	for lines.Scan() {
		if m := joinLink.FindString(lines.Text()); m != "" {
			link = m
			break
		}
	}
	if link == "" {
		_ = srv.Process.Kill()
		return errors.New("the server printed no link")
	}
	go func() {
		for lines.Scan() { // keep draining the status lines
		}
	}()
	base, join := link[:strings.LastIndex(link[:len(link)-1], "/")], link[strings.LastIndex(link[:len(link)-1], "/"):]

	q, _, err := questionnaire.Resolve("convergence-core")
	if err != nil {
		return err
	}
	var (
		mu        sync.Mutex
		latencies []time.Duration
		saves     []time.Duration
		failures  []string
		wg        sync.WaitGroup
	)
	start := time.Now()
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// 127.0.x.y: its own address, as its own phone would have.
			p := collecttest.New(base, net.IPv4(127, 0, byte(1+i/250), byte(1+i%250)))
			defer p.Close()
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			// Reading a page takes from half to one and a half times the
			// mean; everyone starts within the first mean.
			pause := func() {
				if think > 0 {
					time.Sleep(think/2 + time.Duration(rng.Int64N(int64(think))))
				}
			}
			p.Pause = pause
			if think > 0 {
				time.Sleep(time.Duration(rng.Int64N(int64(think))))
			}
			answer := func(qu *questionnaire.Question) string {
				switch k := rng.IntN(12); {
				case k == 0:
					return "unsure"
				case k == 1 && qu.AllowNA:
					return "na"
				default:
					return strconv.Itoa(1 + rng.IntN(5))
				}
			}
			role := result.Roles[i%len(result.Roles)]
			err := p.Complete(q, join, fmt.Sprintf("Participant %d", i+1), role, answer)
			mu.Lock()
			defer mu.Unlock()
			latencies = append(latencies, p.Latencies...)
			saves = append(saves, p.Saves...)
			if err != nil {
				failures = append(failures, fmt.Sprintf("participant %d: %v", i+1, err))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	peak, err := peakMemory(srv.Process.Pid)
	if err != nil {
		return err
	}
	if err := srv.Process.Signal(syscall.SIGINT); err != nil {
		return err
	}
	if err := srv.Wait(); err != nil {
		return fmt.Errorf("the server after Ctrl-C: %w", err)
	}

	results, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	drafts, _ := filepath.Glob(filepath.Join(dir, ".collect", "*.json"))
	var report result.Workshop
	data, err := os.ReadFile(reportFile)
	if err == nil {
		err = json.Unmarshal(data, &report)
	}
	if err != nil {
		return fmt.Errorf("the workshop report: %w", err)
	}

	slices.Sort(latencies)
	slices.Sort(saves)
	fmt.Printf("participants     %d at once, each from its own loopback address, %s a page on average\n", n, think)
	fmt.Printf("completed        %d (%d failed)\n", n-len(failures), len(failures))
	fmt.Printf("requests         %d in %.2f s (%.0f a second), on %d cores shared with the clients\n",
		len(latencies), elapsed.Seconds(), float64(len(latencies))/elapsed.Seconds(), runtime.NumCPU())
	fmt.Printf("page latency     p50 %s, p90 %s, p99 %s, max %s\n",
		ms(pct(latencies, 50)), ms(pct(latencies, 90)), ms(pct(latencies, 99)), ms(latencies[len(latencies)-1]))
	fmt.Printf("  sending a page p50 %s, p90 %s, p99 %s (%d: each saved to disk before the answer)\n",
		ms(pct(saves, 50)), ms(pct(saves, 90)), ms(pct(saves, 99)), len(saves))
	fmt.Printf("server memory    %.1f MiB peak (VmHWM)\n", float64(peak)/(1<<20))
	fmt.Printf("saved            %d result files, %d in the report, %d drafts left\n", len(results), len(report.Respondents), len(drafts)-1)
	for _, f := range failures[:min(len(failures), 10)] {
		fmt.Println("  ", f)
	}
	lost := n - len(results)
	if len(failures) > 0 || lost != 0 || len(report.Respondents) != n || len(drafts) != 1 {
		return fmt.Errorf("%d lost, %d failed", lost, len(failures))
	}
	fmt.Println("lost             0")
	return nil
}

func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, (len(sorted)*p+99)/100-1)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// peakMemory is a process's peak resident memory, in bytes.
func peakMemory(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}
