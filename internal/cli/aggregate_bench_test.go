package cli

import (
	"path/filepath"
	"sync"
	"testing"

	"github.com/convergence-model/convergence/internal/gen"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
)

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

// BenchmarkAggregate10k streams 10,000 generated result files through the
// workshop aggregate, as `convergence report DIR` does. The files are made
// once, outside the timing. The target (DESIGN §9) is under 1.5 s wall and
// 150 MiB peak memory for the whole command on two cores; see
// scripts/bench.sh for the whole-process measurement.
func BenchmarkAggregate10k(b *testing.B) {
	benchOnce.Do(func() {
		benchDir = filepath.Join(b.TempDir(), "results")
		benchErr = gen.WriteResults(benchDir, 10000, 1)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	files, err := expandResultPaths([]string{benchDir})
	if err != nil {
		b.Fatal(err)
	}
	ios, _, _, _ := TestStreams()
	f := &factory{io: ios}
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
