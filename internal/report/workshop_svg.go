package report

import (
	"fmt"
	"math"
	"strings"
)

// A workshop's charts tell the roles apart by three things at once — a
// colour, a dash pattern and a marker shape — and name them in a legend,
// so that they read in black and white and to people who do not see the
// colours.

// seriesStyle is how one role's line and marker look.
type seriesStyle struct {
	Color string
	Dash  string
	Shape string
}

// seriesStyles are the roles' styles in order; a ninth role starts again.
// The hues follow the Okabe–Ito palette, which stays distinct with the
// common kinds of colour blindness, each darkened or lightened until it
// keeps 3:1 against the light and the dark report backgrounds alike, so
// one set serves both (see TestHTMLPalettesKeepTheirContrast).
var seriesStyles = []seriesStyle{
	{"#d55e00", "", "circle"},
	{"#1f7fc9", "9 4", "square"},
	{"#009e73", "3 3", "triangle"},
	{"#b8609a", "10 3 2 3", "diamond"},
	{"#a87000", "2 5", "down"},
	{"#8c6bd6", "14 4 4 4", "hexagon"},
	{"#a86b3c", "6 2", "star"},
	{"#7a8797", "2 2 8 2", "plus"},
}

func styleOf(series int) seriesStyle {
	if series < 0 {
		return seriesStyle{Shape: "circle"}
	}
	return seriesStyles[series%len(seriesStyles)]
}

// marker is a small key of a series: a line in its dash pattern and its
// marker in the middle, for legends and tables.
type marker struct {
	Color string
	Dash  string
	Path  string
}

func newMarker(series int) marker {
	st := styleOf(series)
	return marker{Color: st.Color, Dash: st.Dash, Path: markerPath(st.Shape, 17, 7, 4.5)}
}

// markerPath draws a shape of about 2r across centred on (x, y), as one
// closed path so that every shape takes the same fill and stroke.
func markerPath(shape string, x, y, r float64) string {
	poly := func(pts ...[2]float64) string {
		var b strings.Builder
		for i, p := range pts {
			if i == 0 {
				b.WriteString("M")
			} else {
				b.WriteString(" L")
			}
			b.WriteString(f2(x+p[0]) + "," + f2(y+p[1]))
		}
		b.WriteString(" Z")
		return b.String()
	}
	regular := func(n int, r, start float64) [][2]float64 {
		var pts [][2]float64
		for i := range n {
			a := start + 2*math.Pi*float64(i)/float64(n)
			pts = append(pts, [2]float64{r * math.Cos(a), r * math.Sin(a)})
		}
		return pts
	}
	switch shape {
	case "square":
		s := r * 0.85
		return poly([2]float64{-s, -s}, [2]float64{s, -s}, [2]float64{s, s}, [2]float64{-s, s})
	case "triangle":
		return poly(regular(3, r*1.2, -math.Pi/2)...)
	case "down":
		return poly(regular(3, r*1.2, math.Pi/2)...)
	case "diamond":
		return poly(regular(4, r*1.2, -math.Pi/2)...)
	case "hexagon":
		return poly(regular(6, r, 0)...)
	case "star":
		var pts [][2]float64
		for i := range 10 {
			rr := r * 1.25
			if i%2 == 1 {
				rr = r * 0.55
			}
			a := -math.Pi/2 + math.Pi*float64(i)/5
			pts = append(pts, [2]float64{rr * math.Cos(a), rr * math.Sin(a)})
		}
		return poly(pts...)
	case "plus":
		a, b := r*0.38, r*1.1
		return poly([2]float64{-a, -b}, [2]float64{a, -b}, [2]float64{a, -a}, [2]float64{b, -a}, [2]float64{b, a}, [2]float64{a, a},
			[2]float64{a, b}, [2]float64{-a, b}, [2]float64{-a, a}, [2]float64{-b, a}, [2]float64{-b, -a}, [2]float64{-a, -a})
	}
	// A circle, as two arcs.
	return fmt.Sprintf("M%s,%s a%s,%s 0 1,0 %s,0 a%s,%s 0 1,0 %s,0 Z",
		f2(x-r), f2(y), f2(r), f2(r), f2(2*r), f2(r), f2(r), f2(-2*r))
}
