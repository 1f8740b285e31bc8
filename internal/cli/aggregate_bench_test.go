package cli

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/convergence-model/convergence/internal/gen"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
)

// BenchmarkAggregate10k streams 10,000 generated result files through the
// workshop aggregate, as `convergence report DIR` does. The files are made
// once, outside the timing. The target (docs/performance.md) is under 1.5 s wall and
// 150 MiB peak memory for the whole command on two cores; see
// scripts/bench.sh for the whole-process measurement.
func BenchmarkAggregate10k(b *testing.B) {
	// A fresh directory for every run: with -count N each run's TempDir is
	// removed when that run ends.
	benchDir := filepath.Join(b.TempDir(), "results")
	if err := gen.WriteResults(benchDir, 10000, 1); err != nil {
		b.Fatal(err)
	}
	files, err := expandResultPaths([]string{benchDir})
	if err != nil {
		b.Fatal(err)
	}
	ios, _, _, _ := TestStreams()
	f := &factory{io: ios, now: time.Now}
	b.ResetTimer()
	for b.Loop() {
		agg, err := aggregateFiles(f, files, "")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := agg.Workshop(scoring.WorkshopOptions{Tool: result.Tool{Name: "convergence", Version: "bench"}}); err != nil {
			b.Fatal(err)
		}
	}
}
