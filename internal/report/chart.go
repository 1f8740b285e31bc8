package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/convergence-model/convergence/internal/result"
)

// The line charts of the comparison report are hand-written SVG like the
// radar: coordinates are computed here and rounded to two decimals, so the
// same comparison always gives the same bytes. Like the radar, they plot
// levels; only the bars of the other reports plot scores.

// lineChart is a level over time: the overall level, or a dimension's.
// The plot is five bands, one per level, so a point's height is its level
// and nothing else; the index or score is written above each point. Points
// sit at their dates along the x axis, so uneven gaps between assessments
// show as uneven gaps.
type lineChart struct {
	Name          string
	Width, Height string
	// Class sets where the chart is shown: "wide", "narrow" or "".
	Class   string
	Bands   []chartBand
	XLabels []svgText
	Line    string
	Points  []chartPoint
	// Aria describes the chart for a screen reader.
	Aria string
	// Change is the first-to-latest change in a symbol and words.
	Change    string
	Direction string
}

// chartBand is one level's band across the plot, with its number at the
// left.
type chartBand struct {
	X, Y, W, H string
	Alt        bool
	Label      svgText
}

// chartPoint is one result on the line, with its index or score above it.
type chartPoint struct {
	X, Y  string
	Label svgText
	// Title is shown on hover: the date, the level and the value.
	Title string
}

// chartLayout is the size of a chart and the margins around its plot.
type chartLayout struct {
	w, h                     float64
	left, right, top, bottom float64
}

var (
	// The layouts are about the size they are shown at, so that their text
	// (13 units) keeps its size: the wide one on a screen, the narrow one
	// on a phone and for each dimension.
	overallWide   = chartLayout{w: 920, h: 250, left: 34, right: 24, top: 22, bottom: 30}
	overallNarrow = chartLayout{w: 360, h: 230, left: 30, right: 20, top: 22, bottom: 30}
	dimensionLay  = chartLayout{w: 360, h: 210, left: 30, right: 20, top: 22, bottom: 30}
)

// chartSeries is what a chart plots: a level per result, with a label
// above each point.
type chartSeries struct {
	name   string
	dates  []time.Time
	levels []int
	labels []string // the label above each point
	titles []string // the hover text of each point
}

// minLabelGap is the least distance, in user units, between two labels on
// the x axis or above points; closer labels are left out, except the first
// and the last.
const minLabelGap = 64.0

// plotPad keeps the first and last points off the plot's edges, so their
// labels do not run into the level numbers.
const plotPad = 16.0

func newLineChart(l chartLayout, s chartSeries) lineChart {
	c := lineChart{Name: s.name, Width: f2(l.w), Height: f2(l.h)}
	plotW, plotH := l.w-l.left-l.right, l.h-l.top-l.bottom
	bandH := plotH / result.MaxLevel
	y := func(level int) float64 {
		level = max(result.MinLevel, min(result.MaxLevel, level))
		return l.top + bandH*(float64(result.MaxLevel-level)+0.5)
	}
	for lv := result.MinLevel; lv <= result.MaxLevel; lv++ {
		top := l.top + bandH*float64(result.MaxLevel-lv)
		c.Bands = append(c.Bands, chartBand{
			X: f2(l.left), Y: f2(top), W: f2(plotW), H: f2(bandH), Alt: lv%2 == 0,
			Label: svgText{X: f2(l.left - 8), Y: f2(top + bandH/2 + 4.5), Text: strconv.Itoa(lv), Anchor: "end"},
		})
	}
	xs := dateXs(s.dates, l.left+plotPad, plotW-2*plotPad)
	var pts []string
	shown := labelled(xs)
	for i, lv := range s.levels {
		px, py := xs[i], y(lv)
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
			nudge := map[string]float64{"start": -6, "end": 6}[anchor]
			p.Label = svgText{X: f2(px + nudge), Y: f2(py - 10), Text: s.labels[i], Anchor: anchor}
			c.XLabels = append(c.XLabels, svgText{X: f2(px + nudge), Y: f2(l.h - l.bottom + 19), Text: s.dates[i].Format("2 Jan 2006"), Anchor: anchor})
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

// overallChart plots the overall level, with the index above each point.
func overallChart(v *compareView, dates []time.Time, l chartLayout, class string) lineChart {
	s := chartSeries{name: "Overall", dates: dates}
	for _, r := range v.Results {
		s.levels = append(s.levels, r.Level)
		s.labels = append(s.labels, "index "+r.Index)
		s.titles = append(s.titles, fmt.Sprintf("%s: Level %d %s, index %s", r.Date, r.Level, r.LevelName, r.Index))
	}
	c := newLineChart(l, s)
	c.Class = class
	c.Aria = fmt.Sprintf("The overall level at each result, from Level %d to Level %d, with the index from %s to %s", v.Overall.FromLevel, v.Overall.ToLevel, v.FromIndex, v.ToIndex)
	c.Change, c.Direction = v.Overall.Change, v.Overall.Direction
	return c
}

// dimensionChart plots one dimension's level, with its score above each
// point. levels and scores have a value per result; a result without the
// dimension (another questionnaire version) has NaN and is left out.
func dimensionChart(row changeRow, dates []time.Time, levels []int, scores []float64, resultDates []string) lineChart {
	s := chartSeries{name: row.Name}
	for i := range scores {
		if math.IsNaN(scores[i]) {
			continue
		}
		s.dates = append(s.dates, dates[i])
		s.levels = append(s.levels, levels[i])
		s.labels = append(s.labels, fmt.Sprintf("%.2f", scores[i]))
		s.titles = append(s.titles, fmt.Sprintf("%s: Level %d, score %.2f", resultDates[i], levels[i], scores[i]))
	}
	c := newLineChart(dimensionLay, s)
	c.Aria = fmt.Sprintf("%s: the level at each result, with its score; %s", row.Name, row.Change)
	c.Change, c.Direction = row.Change, row.Direction
	return c
}
