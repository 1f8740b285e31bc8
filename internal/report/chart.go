package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The line charts of the comparison report are hand-written SVG like the
// radar: coordinates are computed here and rounded to two decimals, so the
// same comparison always gives the same bytes.

// lineChart is one value over time: the overall index, or a dimension's
// score. Points sit at their dates along the x axis, so uneven gaps between
// assessments show as uneven gaps.
type lineChart struct {
	Name          string
	Width, Height string
	Grid          []chartGrid
	XLabels       []svgText
	Line          string
	Points        []chartPoint
	// Aria describes the chart for a screen reader.
	Aria string
	// Change is the first-to-latest change in a symbol and words.
	Change    string
	Direction string
}

// chartGrid is a horizontal grid line with its value at the left.
type chartGrid struct {
	X1, X2, Y string
	Label     svgText
}

// chartPoint is one result on the line, with its label ("L3") above it.
type chartPoint struct {
	X, Y  string
	Label svgText
	// Title is shown on hover: the date and the value.
	Title string
}

// chartLayout is the size of a chart and the margins around its plot.
type chartLayout struct {
	w, h                     float64
	left, right, top, bottom float64
}

var (
	// The layouts are about the size they are shown at on a screen, so
	// that their text is about the size of the page's.
	overallLayout   = chartLayout{w: 920, h: 250, left: 44, right: 28, top: 28, bottom: 32}
	dimensionLayout = chartLayout{w: 460, h: 210, left: 36, right: 24, top: 26, bottom: 32}
)

// chartSeries is what a chart plots: a value per result, on a scale from lo
// to hi with grid lines at the given values.
type chartSeries struct {
	name   string
	dates  []time.Time
	values []float64
	labels []string // the label above each point
	titles []string // the hover text of each point
	lo, hi float64
	grid   []float64
	// gridLabel names a grid line.
	gridLabel func(float64) string
}

// minLabelGap is the least distance, in user units, between two labels on
// the x axis or above points; closer labels are left out, except the first
// and the last.
const minLabelGap = 64.0

func newLineChart(l chartLayout, s chartSeries) lineChart {
	c := lineChart{Name: s.name, Width: f2(l.w), Height: f2(l.h)}
	plotW, plotH := l.w-l.left-l.right, l.h-l.top-l.bottom
	y := func(v float64) float64 {
		v = max(s.lo, min(s.hi, v))
		return l.top + plotH*(1-(v-s.lo)/(s.hi-s.lo))
	}
	xs := dateXs(s.dates, l.left, plotW)
	for _, g := range s.grid {
		gy := y(g)
		c.Grid = append(c.Grid, chartGrid{X1: f2(l.left), X2: f2(l.w - l.right), Y: f2(gy),
			Label: svgText{X: f2(l.left - 6), Y: f2(gy + 3.5), Text: s.gridLabel(g)}})
	}
	var pts []string
	shown := labelled(xs)
	for i, v := range s.values {
		px, py := xs[i], y(v)
		pts = append(pts, f2(px)+","+f2(py))
		p := chartPoint{X: f2(px), Y: f2(py), Title: s.titles[i]}
		if shown[i] {
			// The first label starts at its point and the last ends at it,
			// so neither runs off the chart; those between are centred.
			anchor := "middle"
			switch {
			case len(xs) > 1 && i == 0:
				anchor = "start"
			case len(xs) > 1 && i == len(xs)-1:
				anchor = "end"
			}
			nudge := map[string]float64{"start": -4, "end": 4}[anchor]
			p.Label = svgText{X: f2(px + nudge), Y: f2(py - 9), Text: s.labels[i], Anchor: anchor}
			c.XLabels = append(c.XLabels, svgText{X: f2(px + nudge), Y: f2(l.h - l.bottom + 18), Text: s.dates[i].Format("2 Jan 2006"), Anchor: anchor})
		}
		c.Points = append(c.Points, p)
	}
	c.Line = strings.Join(pts, " ")
	return c
}

// dateXs places dates along the plot: by time when they span at least a
// day, evenly when they do not (all on one day, or out of order).
func dateXs(dates []time.Time, left, width float64) []float64 {
	n := len(dates)
	xs := make([]float64, n)
	if n == 1 {
		xs[0] = left + width/2
		return xs
	}
	span := dates[n-1].Sub(dates[0]).Hours()
	for i, d := range dates {
		frac := float64(i) / float64(n-1)
		if span >= 24 {
			frac = max(0, min(1, d.Sub(dates[0]).Hours()/span))
		}
		xs[i] = left + width*frac
	}
	return xs
}

// labelled picks the points whose labels are shown: the first and the last
// always, and those between that keep minLabelGap from their neighbours.
func labelled(xs []float64) []bool {
	shown := make([]bool, len(xs))
	if len(xs) == 0 {
		return shown
	}
	last := len(xs) - 1
	shown[0], shown[last] = true, true
	prev := xs[0]
	for i := 1; i < last; i++ {
		if xs[i]-prev >= minLabelGap && xs[last]-xs[i] >= minLabelGap {
			shown[i] = true
			prev = xs[i]
		}
	}
	if last > 0 && xs[last]-xs[0] < minLabelGap {
		// Two labels would overlap: keep the latest.
		shown[0] = false
	}
	return shown
}

// overallChart plots the index, with the level above each point.
func overallChart(v *compareView, dates []time.Time) lineChart {
	s := chartSeries{
		name: "Overall", dates: dates, values: v.Indexes, lo: 0, hi: 100,
		grid:      []float64{0, 25, 50, 75, 100},
		gridLabel: func(g float64) string { return strconv.Itoa(int(g)) },
	}
	for _, r := range v.Results {
		s.labels = append(s.labels, fmt.Sprintf("L%d · %s", r.Level, r.Index))
		s.titles = append(s.titles, fmt.Sprintf("%s: Level %d %s, index %s", r.Date, r.Level, r.LevelName, r.Index))
	}
	c := newLineChart(overallLayout, s)
	c.Aria = fmt.Sprintf("The index from %s to %s, and the level at each result", v.FromIndex, v.ToIndex)
	c.Change, c.Direction = v.Overall.Change, v.Overall.Direction
	return c
}

// dimensionChart plots one dimension's score, with its level above each
// point. levels and scores have a value per result; a result without the
// dimension (another questionnaire version) has NaN and is left out.
func dimensionChart(row changeRow, dates []time.Time, levels []int, scores []float64, resultDates []string) lineChart {
	s := chartSeries{
		name: row.Name, lo: 1, hi: 5,
		grid:      []float64{1, 2, 3, 4, 5},
		gridLabel: func(g float64) string { return strconv.Itoa(int(g)) },
	}
	for i := range scores {
		if math.IsNaN(scores[i]) {
			continue
		}
		s.dates = append(s.dates, dates[i])
		s.values = append(s.values, scores[i])
		s.labels = append(s.labels, fmt.Sprintf("L%d", levels[i]))
		s.titles = append(s.titles, fmt.Sprintf("%s: Level %d, score %.2f", resultDates[i], levels[i], scores[i]))
	}
	c := newLineChart(dimensionLayout, s)
	c.Aria = fmt.Sprintf("%s: score and level at each result, %s", row.Name, row.Change)
	c.Change, c.Direction = row.Change, row.Direction
	return c
}
