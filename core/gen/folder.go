package gen

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// FolderOptions configures Folder. The zero Seed is a valid seed.
type FolderOptions struct {
	Seed int64
	// Scale multiplies every table's rows (1, the default, gives the
	// Chinook sizes: 3,503 tracks, 412 orders, 8,715 playlist entries).
	Scale int
}

// FolderTables are the tables Folder writes, one subfolder each.
var FolderTables = []string{"orders", "playlist_track", "track_facts", "tracks"}

// FolderFiles is how many files each table is split into.
const FolderFiles = 5

// Folder writes a mixed folder in the layout of a data engineering
// assessment: raw_data/<table>/<table>_0 .. _4, where _0, _2 and _4 are CSV
// (comma separated, a header row, fields quoted when they hold a comma or a
// quote, an absent value as an empty cell) and _1 and _3 are JSON, one
// object per line with the CSV's columns in the same order (numbers as
// numbers, an absent value as null), some lines being an empty object {}.
// Each table's rows are cut into five consecutive blocks, one per file.
//
// The data are like the Chinook sample music store's: tracks (TrackId,
// Name, AlbumId, MediaTypeId, GenreId, Composer, Milliseconds, Bytes,
// UnitPrice), orders (Chinook's invoices: InvoiceId, CustomerId,
// InvoiceDate, BillingAddress, BillingCity, BillingState, BillingCountry,
// BillingPostalCode, Total), playlist_track (PlaylistId, TrackId) and
// track_facts (TrackId, Plays, Skips, Rating, Explicit, LastPlayed, Isrc).
// Names with commas and quotes, composers and states that are often absent,
// postal codes with leading zeros and letters, prices with two decimals:
// what makes consolidating the real folder instructive.
//
// create opens a file by its slash-separated path (raw_data/...). The same
// options always give the same bytes.
func Folder(opt FolderOptions, create func(path string) (io.WriteCloser, error)) error {
	if opt.Scale < 0 {
		return errors.New("gen: negative scale")
	}
	g := newFolderGen(opt)
	for _, t := range g.tables() {
		for i := range FolderFiles {
			lo, hi := len(t.rows)*i/FolderFiles, len(t.rows)*(i+1)/FolderFiles
			ext := ".csv"
			if i%2 == 1 {
				ext = ".json"
			}
			name := fmt.Sprintf("raw_data/%s/%s_%d%s", t.name, t.name, i, ext)
			f, err := create(name)
			if err != nil {
				return err
			}
			bw := bufio.NewWriterSize(f, 256<<10)
			if ext == ".csv" {
				g.writeCSV(bw, t, t.rows[lo:hi])
			} else {
				g.writeJSON(bw, t, t.rows[lo:hi])
			}
			err = bw.Flush()
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return fmt.Errorf("%s: %v", name, err)
			}
		}
	}
	return nil
}

// A value of a generated row: a string, an integer, a decimal in cents, a
// boolean, or absent.
type fval struct {
	kind byte // 's' string, 'i' integer, 'c' cents, 'b' boolean, 0 absent
	s    string
	i    int64
}

type ftable struct {
	name    string
	columns []string
	rows    [][]fval
}

type folderGen struct {
	r     *rand.Rand
	scale int
	line  []byte
}

func newFolderGen(opt FolderOptions) *folderGen {
	scale := opt.Scale
	if scale == 0 {
		scale = 1
	}
	return &folderGen{r: rand.New(rand.NewPCG(uint64(opt.Seed), 0xc41_900c)), scale: scale}
}

func str(s string) fval   { return fval{kind: 's', s: s} }
func num(i int64) fval    { return fval{kind: 'i', i: i} }
func cents(c int64) fval  { return fval{kind: 'c', i: c} }
func boolean(b bool) fval { return fval{kind: 'b', i: map[bool]int64{false: 0, true: 1}[b]} }

var absent = fval{}

func (g *folderGen) tables() []*ftable {
	tracks, video := g.tracks()
	return []*ftable{g.orders(), g.playlistTrack(len(tracks.rows)), g.trackFacts(len(tracks.rows), video), tracks}
}

var (
	trackWords = strings.Fields(`Love Night Fire Heart Rock Roll Blues Road Home Rain Sun Moon Star Dream Time
		River City Light Dark Devil Angel Wild Free Sweet Cold Hot Black White Blue Red Gold Stone Iron
		Thunder Highway Lady Man Woman Girl Boy Baby Heaven Hell Soul Spirit Train Wind Storm Sea Ocean
		Shadow Ghost King Queen Money Power Glory Freedom Midnight Morning Summer Winter Fever Jungle
		Paradise Revolution Machine Electric Crazy Lonely Broken Burning Falling Running Dancing Walking`)
	trackTails = []string{"", "", "", "", "", " (Live)", " (Remastered)", " (Acoustic)", " (Demo)", " Pt. 1", " Pt. 2"}
	composers  = []string{"Angus Young", "Malcolm Young", "Brian Johnson", "Steven Tyler", "Joe Perry",
		"Jimmy Page", "Robert Plant", "John Paul Jones", "Jerry Cantrell", "Layne Staley", "Chris Cornell",
		"Kim Thayil", "Dave Grohl", "Kurt Cobain", "Krist Novoselic", "Bono", "The Edge", "Adam Clayton",
		"Larry Mullen", "Roger Waters", "David Gilmour", "Richard Wright", "Nick Mason", "Freddie Mercury",
		"Brian May", "Roger Taylor", "John Deacon", "Mick Jagger", "Keith Richards", "Jimi Hendrix",
		"Eric Clapton", "Jack Bruce", "Gilberto Gil", "Caetano Veloso", "Chico Buarque", "Tom Jobim",
		"Vinícius de Moraes", "Djavan", "Milton Nascimento", "Ludwig van Beethoven", "Wolfgang Amadeus Mozart",
		"Johann Sebastian Bach", "Antonio Vivaldi", "Miles Davis", "John Coltrane", "Herbie Hancock",
		"Billy Corgan", "James Hetfield", "Lars Ulrich", "Kirk Hammett", "Ozzy Osbourne", "Tony Iommi",
		"Geezer Butler", "Bill Ward", "Bruce Dickinson", "Steve Harris", "Dave Murray", "Adrian Smith"}
	composerJoins = []string{", ", ", ", ", ", " & ", "/", " and "}
	// genre weights in Chinook's order (Rock is by far the largest)
	genreWeights = []int{1297, 130, 374, 332, 12, 81, 579, 58, 48, 43, 15, 24, 28, 17, 30, 28, 35, 26, 93, 26, 64, 17, 40, 74, 1}
)

func (g *folderGen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *folderGen) trackName() string {
	var b strings.Builder
	n := 1 + g.r.IntN(4)
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(g.pick(trackWords))
	}
	name := b.String()
	switch g.r.IntN(40) {
	case 0:
		name = `"` + name + `"` // a title in quotes
	case 1:
		name = name + ", " + g.pick(trackWords) // a comma
	case 2:
		name = strings.Replace(name, " ", " O'er ", 1)
	}
	return name + g.pick(trackTails)
}

func (g *folderGen) composer() fval {
	if g.r.IntN(100) < 28 {
		return absent
	}
	n := 1 + g.r.IntN(3)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = g.pick(composers)
	}
	join := g.pick(composerJoins)
	return str(strings.Join(parts, join))
}

func (g *folderGen) weighted(w []int) int {
	total := 0
	for _, x := range w {
		total += x
	}
	k := g.r.IntN(total)
	for i, x := range w {
		if k < x {
			return i
		}
		k -= x
	}
	return len(w) - 1
}

// tracks returns the tracks table and which tracks are videos.
func (g *folderGen) tracks() (*ftable, []bool) {
	t := &ftable{name: "tracks", columns: []string{"TrackId", "Name", "AlbumId", "MediaTypeId", "GenreId", "Composer", "Milliseconds", "Bytes", "UnitPrice"}}
	n := 3503 * g.scale
	video := make([]bool, n)
	album, left := 0, 0
	var genre, media int
	for i := range n {
		if left == 0 {
			album++
			left = 1 + g.r.IntN(19)
			genre = 1 + g.weighted(genreWeights)
			media = 1
			switch k := g.r.IntN(100); {
			case k < 6:
				media = 3 // protected MPEG-4 video
			case k < 13:
				media = 2 // protected AAC
			case k < 15:
				media = 4 + g.r.IntN(2)
			}
		}
		left--
		ms := int64(math.Exp(12.4 + 0.45*g.r.NormFloat64()))
		ms = max(1071, min(ms, 5286953))
		perMs, price := 32.5, int64(99)
		if media == 3 {
			ms = 1200000 + g.r.Int64N(1800000)
			perMs, price = 180, 199
			video[i] = true
		}
		bytes := int64(float64(ms)*perMs*(0.95+0.1*g.r.Float64())) + 30000
		t.rows = append(t.rows, []fval{num(int64(i + 1)), str(g.trackName()), num(int64(album)), num(int64(media)),
			num(int64(genre)), g.composer(), num(ms), num(bytes), cents(price)})
	}
	return t, video
}

// customer is one Chinook-like customer's billing address.
type customer struct {
	address, city, state, country, postal string
}

var places = []struct {
	city, state, country, postal string // postal: a pattern, 9 a digit, A a letter
}{
	{"São José dos Campos", "SP", "Brazil", "12227-000"}, {"São Paulo", "SP", "Brazil", "01007-010"},
	{"Rio de Janeiro", "RJ", "Brazil", "20040-020"}, {"Stuttgart", "", "Germany", "70174"},
	{"Berlin", "", "Germany", "10779"}, {"Frankfurt", "", "Germany", "60316"}, {"Montréal", "QC", "Canada", "H2G 1A7"},
	{"Edmonton", "AB", "Canada", "T6G 2C7"}, {"Vancouver", "BC", "Canada", "V6C 1G8"}, {"Toronto", "ON", "Canada", "M6J 1V1"},
	{"Oslo", "", "Norway", "0171"}, {"Prague", "", "Czech Republic", "14700"}, {"Vienne", "", "Austria", "1010"},
	{"Brussels", "", "Belgium", "1000"}, {"Copenhagen", "", "Denmark", "1720"}, {"Mountain View", "CA", "USA", "94043-1351"},
	{"Redmond", "WA", "USA", "98052-8300"}, {"New York", "NY", "USA", "10012-2612"}, {"Boston", "MA", "USA", "2113"},
	{"Chicago", "IL", "USA", "60611"}, {"Reno", "NV", "USA", "89503"}, {"Orlando", "FL", "USA", "32801"},
	{"Paris", "", "France", "75002"}, {"Lyon", "", "France", "69002"}, {"Helsinki", "", "Finland", "00530"},
	{"Budapest", "", "Hungary", ""}, {"Dublin", "Dublin", "Ireland", ""}, {"Rome", "RM", "Italy", "00192"},
	{"Amsterdam", "VV", "Netherlands", "1016"}, {"Warsaw", "", "Poland", "00-358"}, {"Lisbon", "", "Portugal", ""},
	{"Madrid", "", "Spain", "28015"}, {"Stockholm", "", "Sweden", "11230"}, {"London", "", "United Kingdom", "SW1V 3EN"},
	{"Edinburgh ", "", "United Kingdom", "EH4 1HH"}, {"Sidney", "NSW", "Australia", "2010"},
	{"Buenos Aires", "", "Argentina", "1106"}, {"Santiago", "", "Chile", ""}, {"Delhi", "", "India", "110017"},
	{"Bangalore", "", "India", "560001"},
}

var streets = []string{"Av. Brigadeiro Faria Lima", "Theodor-Heuss-Straße", "Rue Dufour", "Ullevålsveien",
	"Klanova", "Rilská", "Rotenturmstraße", "Grétrystraat", "Sønder Boulevard", "Amphitheatre Parkway",
	"Microsoft Way", "Broadway", "Tremont St", "N. Michigan Ave", "S. Orange Ave", "Rue de Rivoli",
	"Place Bellecour", "Porthaninkatu", "Lincoln Place", "Via Degli Scipioni", "Lijnbaansgracht",
	"Ordynacka", "Rua dos Campeões Europeus de Viena", "Calle Lira", "Celsiusg.", "Northumberland Street",
	"Queen Street", "Sussex Street", "Lavalle", "Moneda", "Raj Bhavan Road", "3,Raj Bhavan Road"}

// postal draws a postal code like pattern: its digits 1-9 and, in codes
// with a space, its letters are drawn; zeros stay, so leading zeros do.
func (g *folderGen) postal(pattern string) string {
	b := []byte(pattern)
	for i, c := range b {
		switch {
		case c >= '1' && c <= '9':
			b[i] = byte('0' + g.r.IntN(10))
		case c >= 'A' && c <= 'Z' && strings.Contains(pattern, " "): // Canadian and British codes
			b[i] = byte('A' + g.r.IntN(26))
		}
	}
	return string(b)
}

func (g *folderGen) customers() []customer {
	cs := make([]customer, 59*g.scale)
	for i := range cs {
		p := places[g.r.IntN(len(places))]
		cs[i] = customer{
			address: strconv.Itoa(1+g.r.IntN(3000)) + " " + g.pick(streets),
			city:    p.city, state: p.state, country: p.country, postal: g.postal(p.postal),
		}
	}
	return cs
}

func opt(s string) fval {
	if s == "" {
		return absent
	}
	return str(s)
}

func (g *folderGen) orders() *ftable {
	t := &ftable{name: "orders", columns: []string{"InvoiceId", "CustomerId", "InvoiceDate", "BillingAddress",
		"BillingCity", "BillingState", "BillingCountry", "BillingPostalCode", "Total"}}
	cs := g.customers()
	n := 412 * g.scale
	from := time.Date(2009, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	span := time.Date(2013, 12, 22, 0, 0, 0, 0, time.UTC).Unix() - from
	lines := []int64{1, 2, 2, 4, 6, 9, 14}
	for i := range n {
		c := g.r.IntN(len(cs))
		day := from + span*int64(i)/int64(max(1, n-1))
		day -= day % 86400
		var total int64
		for k := lines[g.r.IntN(len(lines))]; k > 0; k-- {
			if g.r.IntN(20) == 0 {
				total += 199
			} else {
				total += 99
			}
		}
		cu := cs[c]
		t.rows = append(t.rows, []fval{num(int64(i + 1)), num(int64(c + 1)),
			str(time.Unix(day, 0).UTC().Format("2006-01-02 15:04:05")), str(cu.address), str(cu.city),
			opt(cu.state), str(cu.country), opt(cu.postal), cents(total)})
	}
	return t
}

func (g *folderGen) playlistTrack(tracks int) *ftable {
	t := &ftable{name: "playlist_track", columns: []string{"PlaylistId", "TrackId"}}
	// Chinook's playlists 1 to 18 and their sizes: Music twice, TV Shows
	// twice, 90's Music, Brazilian Music, Classical, Grunge...
	sizes := []int{3290, 0, 213, 0, 1477, 0, 0, 3290, 1, 213, 39, 75, 25, 25, 25, 15, 26, 1}
	for p, size := range sizes {
		size *= g.scale
		if size == 0 {
			continue
		}
		seen := map[int]bool{}
		var ids []int
		for len(ids) < min(size, tracks) {
			id := 1 + g.r.IntN(tracks)
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		for _, id := range ids {
			t.rows = append(t.rows, []fval{num(int64(p + 1)), num(int64(id))})
		}
	}
	return t
}

func (g *folderGen) trackFacts(tracks int, video []bool) *ftable {
	t := &ftable{name: "track_facts", columns: []string{"TrackId", "Plays", "Skips", "Rating", "Explicit", "LastPlayed", "Isrc"}}
	from := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	countries := []string{"US", "GB", "BR", "DE", "FR", "CA", "NO", "SE"}
	for i := range tracks {
		plays := int64(math.Exp(4 + 1.6*g.r.NormFloat64()))
		skips := g.r.Int64N(plays/3 + 1)
		rating := absent
		if g.r.IntN(100) >= 15 {
			// ratings to one decimal, written as numbers (4.0 as 4)
			rating = fval{kind: 'd', i: int64(10 + g.r.IntN(41))}
		}
		last := time.Unix(from+g.r.Int64N(3*365*86400), 0).UTC().Format(time.RFC3339)
		isrc := fmt.Sprintf("%s%c%c%c%02d%05d", g.pick(countries), 'A'+g.r.IntN(26), 'A'+g.r.IntN(26),
			'0'+g.r.IntN(10), g.r.IntN(100), g.r.IntN(100000))
		explicit := g.r.IntN(100) < 8 && !video[i]
		t.rows = append(t.rows, []fval{num(int64(i + 1)), num(plays), num(skips), rating, boolean(explicit), str(last), str(isrc)})
	}
	return t
}

// appendValue appends a value as CSV (quoted when needed) or JSON.
func appendValue(b []byte, v fval, asJSON bool) []byte {
	switch v.kind {
	case 's':
		if asJSON {
			return append(appendEscaped(append(b, '"'), v.s), '"')
		}
		if strings.ContainsAny(v.s, ",\"\n\r") {
			b = append(b, '"')
			b = append(b, strings.ReplaceAll(v.s, `"`, `""`)...)
			return append(b, '"')
		}
		return append(b, v.s...)
	case 'i':
		return strconv.AppendInt(b, v.i, 10)
	case 'c': // cents, in the shortest form as pandas and json.dumps write floats
		return strconv.AppendFloat(b, float64(v.i)/100, 'f', -1, 64)
	case 'd': // tenths
		return strconv.AppendFloat(b, float64(v.i)/10, 'f', -1, 64)
	case 'b':
		return strconv.AppendBool(b, v.i == 1)
	}
	if asJSON {
		return append(b, "null"...)
	}
	return b
}

func (g *folderGen) writeCSV(w *bufio.Writer, t *ftable, rows [][]fval) {
	w.WriteString(strings.Join(t.columns, ","))
	w.WriteByte('\n')
	for _, row := range rows {
		b := g.line[:0]
		for j, v := range row {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendValue(b, v, false)
		}
		g.line = append(b, '\n')
		w.Write(g.line)
	}
}

func (g *folderGen) writeJSON(w *bufio.Writer, t *ftable, rows [][]fval) {
	for _, row := range rows {
		if g.r.IntN(40) == 0 {
			w.WriteString("{}\n") // the assessment's empty lines
		}
		b := append(g.line[:0], '{')
		for j, v := range row {
			if j > 0 {
				b = append(b, ',', ' ')
			}
			b = append(b, '"')
			b = append(b, t.columns[j]...)
			b = append(b, '"', ':', ' ')
			b = appendValue(b, v, true)
		}
		g.line = append(b, '}', '\n')
		w.Write(g.line)
	}
}
