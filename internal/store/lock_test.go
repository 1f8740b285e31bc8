package store

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// writeLock puts a lock file of process pid at draft's lock path.
func writeLock(t *testing.T, draft string, pid int) {
	t.Helper()
	host, _ := os.Hostname()
	o := lockOwner{pid: pid, host: host, started: time.Now()}
	if err := os.WriteFile(draft+".lock", o.marshal(), 0o600); err != nil {
		t.Fatal(err)
	}
}

func lockContent(t *testing.T, draft string) string {
	t.Helper()
	data, err := os.ReadFile(draft + ".lock")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestLockDraftIsExclusive(t *testing.T) {
	draft := DraftFile(filepath.Join(t.TempDir(), "state"), "q")
	unlock, err := LockDraft(draft)
	if err != nil {
		t.Fatal(err)
	}
	if got := lockContent(t, draft); !strings.HasPrefix(got, "pid "+strconv.Itoa(os.Getpid())+"\n") {
		t.Errorf("lock file = %q", got)
	}
	// This process is alive, so its own lock refuses a second assessment.
	_, err = LockDraft(draft)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second lock: err = %v, want ErrLocked", err)
	}
	want := "another assessment is running (process " + strconv.Itoa(os.Getpid()) + ", started "
	if !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), "; if it is not, remove "+draft+".lock") {
		t.Errorf("err = %v, want it to start %q", err, want)
	}
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	if err := unlock(); err != nil {
		t.Errorf("second unlock: %v", err)
	}
	noTempFiles(t, filepath.Dir(draft))
	unlock, err = LockDraft(draft)
	if err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	_ = unlock()
}

func TestLockDraftTakesOverStaleLocks(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, draft string)
	}{{
		name:  "dead owner",
		setup: func(t *testing.T, draft string) { writeLock(t, draft, deadPID(t)) },
	}, {
		name: "garbage",
		setup: func(t *testing.T, draft string) {
			if err := os.WriteFile(draft+".lock", []byte("¿what?\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		},
	}, {
		name: "an old empty file",
		setup: func(t *testing.T, draft string) {
			if err := os.WriteFile(draft+".lock", nil, 0o600); err != nil {
				t.Fatal(err)
			}
			old := time.Now().Add(-time.Hour)
			if err := os.Chtimes(draft+".lock", old, old); err != nil {
				t.Fatal(err)
			}
		},
	}, {
		name: "a directory",
		setup: func(t *testing.T, draft string) {
			if err := os.Mkdir(draft+".lock", 0o700); err != nil {
				t.Fatal(err)
			}
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			draft := DraftFile(t.TempDir(), "q")
			tt.setup(t, draft)
			unlock, err := LockDraft(draft)
			if err != nil {
				t.Fatal(err)
			}
			if got := lockContent(t, draft); !strings.HasPrefix(got, "pid "+strconv.Itoa(os.Getpid())+"\n") {
				t.Errorf("lock file = %q", got)
			}
			if err := unlock(); err != nil {
				t.Fatal(err)
			}
			noTempFiles(t, filepath.Dir(draft))
		})
	}
}

func TestUnlockLeavesOthersLocksAlone(t *testing.T) {
	draft := DraftFile(t.TempDir(), "q")
	unlock, err := LockDraft(draft)
	if err != nil {
		t.Fatal(err)
	}
	// Someone judged this process dead and took the draft over.
	if err := os.Remove(draft + ".lock"); err != nil {
		t.Fatal(err)
	}
	writeLock(t, draft, os.Getpid()+1)
	other := lockContent(t, draft)
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	if got := lockContent(t, draft); got != other {
		t.Errorf("the other lock was touched: %q, want %q", got, other)
	}
}

// Two processes finding the same stale lock must not both take it. Both
// racers run in this process, so whichever wins, the loser finds a live
// owner.
func TestLockDraftRaceOverAStaleLock(t *testing.T) {
	dir := t.TempDir()
	dead := deadPID(t)
	for i := range 200 {
		draft := DraftFile(dir, strconv.Itoa(i))
		writeLock(t, draft, dead)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		unlocks := make([]func() error, 2)
		for j := range 2 {
			wg.Go(func() { unlocks[j], errs[j] = LockDraft(draft) })
		}
		wg.Wait()
		won := 0
		for j := range 2 {
			switch {
			case errs[j] == nil:
				won++
				defer unlocks[j]()
			case !errors.Is(errs[j], ErrLocked):
				t.Fatalf("round %d: %v", i, errs[j])
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d winners, want 1", i, won)
		}
	}
}

func TestLockedErrorOnAnotherHost(t *testing.T) {
	e := &lockedError{lock: "d.lock", what: "assessment", owner: lockOwner{pid: 42, host: "elsewhere"}, other: true}
	if got, want := e.Error(), "another assessment is running (process 42 on elsewhere); if it is not, remove d.lock"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestClock(t *testing.T) {
	now := time.Date(2026, 11, 24, 18, 0, 0, 0, time.Local)
	for _, tt := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 11, 24, 14, 2, 0, 0, time.Local), "14:02"},
		{time.Date(2026, 11, 23, 14, 2, 0, 0, time.Local), "Nov 23 14:02"},
		{time.Date(2025, 11, 24, 14, 2, 0, 0, time.Local), "Nov 24 2025 14:02"},
	} {
		if got := clock(tt.t, now); got != tt.want {
			t.Errorf("clock(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}

// deadPID is the id of a process that has exited and been waited for.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// lockHelperEnv names the draft the helper process locks.
const lockHelperEnv = "STORE_TEST_LOCK_DRAFT"

// TestLockHelperProcess is not a test: run as a child of the lock tests,
// it locks the draft, says so, and holds the lock until its input closes.
func TestLockHelperProcess(t *testing.T) {
	draft := os.Getenv(lockHelperEnv)
	if draft == "" {
		t.Skip("only run as a helper process")
	}
	unlock, err := LockDraft(draft)
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Println("locked")
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
	if err := unlock(); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	os.Exit(0)
}

// lockInChild starts a process that holds the lock on draft. Closing the
// returned writer makes it unlock and exit.
func lockInChild(t *testing.T, draft string) (*exec.Cmd, func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelperProcess$")
	cmd.Env = append(os.Environ(), lockHelperEnv+"="+draft)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if line != "locked\n" {
		t.Fatalf("helper process: %q, %v", line, err)
	}
	return cmd, func() { stdin.Close() }
}

func TestLockDraftRefusesAnotherProcess(t *testing.T) {
	draft := DraftFile(t.TempDir(), "q")
	child, release := lockInChild(t, draft)
	_, err := LockDraft(draft)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
	if want := fmt.Sprintf("another assessment is running (process %d, started ", child.Process.Pid); !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %v, want it to start %q", err, want)
	}
	release()
	if err := child.Wait(); err != nil {
		t.Fatalf("helper process: %v", err)
	}
	unlock, err := LockDraft(draft)
	if err != nil {
		t.Fatalf("once the other process is done: %v", err)
	}
	_ = unlock()
}

func TestLockDraftTakesOverFromAKilledProcess(t *testing.T) {
	draft := DraftFile(t.TempDir(), "q")
	child, _ := lockInChild(t, draft)
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = child.Wait() // reaped: the process id is free
	unlock, err := LockDraft(draft)
	if err != nil {
		t.Fatalf("the killed process's lock was not taken over: %v", err)
	}
	if got := lockContent(t, draft); !strings.HasPrefix(got, "pid "+strconv.Itoa(os.Getpid())+"\n") {
		t.Errorf("lock file = %q", got)
	}
	_ = unlock()
}

// The loser of a race over a stale lock may rename aside the lock the
// winner has just taken; it must put it back, as it was.
func TestBreakLockPutsBackAFreshLock(t *testing.T) {
	draft := DraftFile(t.TempDir(), "q")
	lock := draft + ".lock"
	writeLock(t, draft, deadPID(t))
	stale, err := readLock(lock)
	if err != nil {
		t.Fatal(err)
	}
	// The winner breaks the stale lock and takes its own, which may
	// well get the same inode number.
	if err := os.Remove(lock); err != nil {
		t.Fatal(err)
	}
	unlock, err := LockDraft(draft)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := readLock(lock)
	if err != nil {
		t.Fatal(err)
	}
	if err := breakLock(lock, stale); err != nil {
		t.Fatal(err)
	}
	now, err := readLock(lock)
	if err != nil {
		t.Fatalf("the fresh lock is gone: %v", err)
	}
	if !now.same(fresh) {
		t.Errorf("the fresh lock was replaced: %q, want %q", now.data, fresh.data)
	}
	noTempFiles(t, filepath.Dir(draft), filepath.Base(lock))
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	noTempFiles(t, filepath.Dir(draft))
}
