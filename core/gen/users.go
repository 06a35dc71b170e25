package gen

import (
	"hash/fnv"
	"strconv"
)

// Accounts are numbered: curated handles first, then the per-day leading
// authors, then a pool of ordinary accounts drawn with Zipf-like activity.
// Every field of an account is a function of (seed, index), so an author or
// a mentioned account looks the same wherever it appears and no table of
// profiles is kept in memory.
const poolSize = 40000

var (
	hotNames []string       // distinct leading authors
	hotIndex [numDays]int   // account index of each day's leading author
	hotBase  = len(curated) // first hot account index
	poolBase int            // first pool account index
	// poolTable: rank r (from 1) weighs 1/(r+20); the busiest pool author
	// writes ~0.6% of the tweets, under each day's leading author.
	poolTable    = newTable(zipfWeights(poolSize, 20))
	mentionTable table // curated handles by weight, then one slot for "a pool account"
	curatedIDs   []int64
	escCurated   [][]byte
	escDesc      = escAll(descFragments)
	escLocations = escAll(locations)
	escScript    = escAll(scriptNames)
	escSuffixes  = escAll(nameSuffixes)
)

func init() {
	seen := map[string]int{}
	for d, name := range hotUsers {
		i, ok := seen[name]
		if !ok {
			i = len(hotNames)
			seen[name] = i
			hotNames = append(hotNames, name)
		}
		hotIndex[d] = hotBase + i
	}
	poolBase = hotBase + len(hotNames)

	w := make([]uint64, len(curated)+1)
	var sum uint64
	curatedIDs = make([]int64, len(curated))
	escCurated = make([][]byte, len(curated))
	for i, c := range curated {
		w[i] = c.w
		sum += c.w
		escCurated[i] = esc(c.name)
		curatedIDs[i] = c.id
		if c.id == 0 {
			h := fnv.New64a()
			h.Write([]byte(c.user))
			curatedIDs[i] = 10_000_000 + int64(h.Sum64()%3_000_000_000)
		}
	}
	// Weights are counts out of the published 103,403 entries, so the ten
	// published handles land at their shares (narendramodi 2,265 of 103,403);
	// pool accounts take the rest.
	w[len(curated)] = 103403 - sum
	mentionTable = newTable(w)
}

// head is the part of an account that mentions need too: handle, display
// name (escaped), id. It is drawn first, so a full profile continues the
// same per-account stream.
type head struct {
	uname, dname []byte
	id           int64
	created      int64
	first, last  int
	curated      bool
	verified     bool
}

const (
	t2008     = 1199145600 // 2008-01-01
	t2016     = 1451606400
	tNewFrom  = 1604188800 // 2020-11-01: many accounts were made for the protest
	tScrape   = 1614158615 // 2021-02-24T09:23:35
	tSnowUser = 1462060800 // 2016-05-01: user ids are snowflakes from about here
)

// head seeds the per-account stream for idx and fills g.h.
func (g *generator) head(idx int) {
	g.usrc.Seed(g.ukey, splitmix(uint64(idx)+0x632be59bd9b4e019))
	r := g.ur
	h := &g.h
	h.first = r.IntN(len(firstNames))
	h.last = r.IntN(len(lastNames))
	isNew := r.Float64() < 0.38
	if isNew {
		h.created = tNewFrom + r.Int64N(day0-tNewFrom)
	} else {
		h.created = t2008 + r.Int64N(tNewFrom-t2008)
	}
	h.curated, h.verified = false, false
	switch {
	case idx < hotBase:
		c := &curated[idx]
		h.uname = append(h.uname[:0], c.user...)
		h.dname = append(h.dname[:0], escCurated[idx]...)
		h.id = curatedIDs[idx]
		h.created = t2008 + r.Int64N(t2016-t2008)
		h.curated, h.verified = true, c.verified
		return
	case idx < poolBase:
		h.uname = append(h.uname[:0], hotNames[idx-hotBase]...)
	default:
		g.genUsername(uint64(idx-poolBase), isNew)
	}
	g.genDisplayName()
	h.id = g.userID(h.created, uint64(idx))
}

// genUsername makes a pool account's handle. Handles must be unique, as on
// Twitter, so each style ends in a number that encodes the account's pool
// rank (k) through a bijection, and is cut before that number is.
func (g *generator) genUsername(k uint64, isNew bool) {
	r, h := g.ur, &g.h
	sc := (k*7919 + 1237) % poolSize // a bijection on [0, poolSize)
	if sc < uint64(len(firstNames)*len(lastNames)) {
		// A few thousand accounts got their plain FirstLast handle.
		h.first, h.last = int(sc)/len(lastNames), int(sc)%len(lastNames)
		h.uname = append(append(h.uname[:0], firstNames[h.first]...), lastNames[h.last]...)
		r.Uint64() // keep the stream aligned with the other styles
		return
	}
	first, last := firstNames[h.first], lastNames[h.last]
	u := h.uname[:0]
	pDefault := 8
	if isNew {
		pDefault = 55
	}
	if r.IntN(100) < pDefault {
		// Twitter's suggested handle: name cut to 7 letters plus 8 digits.
		u = append(append(u, first...), last...)
		u = u[:min(len(u), 7)]
		u = appendPadded(u, (k*48271+90210)%100_000_000, 8)
		h.uname = u
		return
	}
	switch x := r.IntN(100); {
	case x < 30:
		u = append(append(u, first...), last...)
	case x < 55:
		u = append(append(append(u, first...), '_'), last...)
		lowerASCII(u)
	case x < 80:
		u = append(append(u, first...), last[0]+'a'-'A')
	case x < 90:
		u = append(append(u, first...), "__"...)
		lowerASCII(u)
		u = append(u, last[0]+'a'-'A')
	default:
		prefixes := [...]string{"Kisan", "Jatt", "the", "iam", "Real", "Sardar"}
		u = append(append(u, prefixes[r.IntN(len(prefixes))]...), first...)
	}
	var num [8]byte
	suffix := strconv.AppendUint(num[:0], sc, 10)
	u = u[:min(len(u), 15-len(suffix))]
	h.uname = append(u, suffix...)
}

func appendPadded(dst []byte, v uint64, width int) []byte {
	var num [20]byte
	b := strconv.AppendUint(num[:0], v, 10)
	for i := len(b); i < width; i++ {
		dst = append(dst, '0')
	}
	return append(dst, b...)
}

func (g *generator) genDisplayName() {
	r, h := g.ur, &g.h
	d := h.dname[:0]
	first, last := firstNames[h.first], lastNames[h.last]
	switch x := r.IntN(100); {
	case x < 62:
		d = append(append(append(d, first...), ' '), last...)
	case x < 72:
		n := len(d)
		d = append(append(append(d, first...), ' '), last...)
		lowerASCII(d[n:])
	case x < 80:
		d = append(d, escScript[r.IntN(len(escScript))]...)
	case x < 88:
		d = append(append(append(d, first...), ' '), last...)
		d = append(d, escSuffixes[r.IntN(len(escSuffixes))]...)
	case x < 94:
		d = append(d, first...)
	default:
		d = append(append(append(d, first...), " Singh "...), lastNames[2+r.IntN(len(lastNames)-2)]...)
	}
	h.dname = d
}

// userID gives an id that fits the account's age: sequential ids before
// 2016, snowflakes after. The low digits (bits) carry the account index, so
// no two accounts share an id.
func (g *generator) userID(created int64, idx uint64) int64 {
	r := g.ur
	if created >= tSnowUser {
		return snowflake(created*1000+int64(r.IntN(1000)), idx)
	}
	knots := [...][2]int64{
		{1199145600, 11_000_000}, {1230768000, 18_000_000}, {1262304000, 100_000_000},
		{1293840000, 233_000_000}, {1325376000, 450_000_000}, {1356998400, 1_000_000_000},
		{1388534400, 2_270_000_000}, {1420070400, 2_950_000_000}, {tSnowUser, 4_300_000_000},
	}
	i := 0
	for i < len(knots)-2 && created >= knots[i+1][0] {
		i++
	}
	a, b := knots[i], knots[i+1]
	id := a[1] + (b[1]-a[1])*(created-a[0])/(b[0]-a[0])
	return id/100_000*100_000 + int64(idx%100_000)
}

var descCountTable = newTable([]uint64{8, 18, 27, 23, 14, 10})
var descSeps = []string{" | ", ". ", " ", `\n`, ` \u2022 `, ", "}

// magnitude draws a heavy-tailed count from decade buckets with the given
// weights (bucket i covers [10^i, 10^(i+1)), bucket 0 includes zero).
func (g *generator) magnitude(t *table) int64 {
	b := t.pick(g.ur)
	lo, hi := int64(0), int64(10)
	for ; b > 0; b-- {
		lo, hi = hi, hi*10
	}
	return lo + g.ur.Int64N(hi-lo)
}

var (
	followersTable = newTable([]uint64{15, 30, 33, 15, 5, 1, 1})
	friendsTable   = newTable([]uint64{8, 30, 45, 15, 2})
	statusesTable  = newTable([]uint64{5, 12, 25, 30, 20, 7, 1})
	favesTable     = newTable([]uint64{10, 12, 22, 30, 20, 6})
)

// appendUserRest appends the full user object of the account whose head was
// just drawn with g.head(idx); it continues that account's stream.
func (g *generator) appendUserRest(dst []byte, idx int) []byte {
	r, h := g.ur, &g.h
	dst = append(dst, `{"username": "`...)
	dst = append(dst, h.uname...)
	dst = append(dst, `", "displayname": "`...)
	dst = append(dst, h.dname...)
	dst = append(dst, `", "id": `...)
	dst = strconv.AppendInt(dst, h.id, 10)

	// Description, with now and then a link at its start.
	d := g.desc[:0]
	n := descCountTable.pick(r)
	for i := 0; i < n; i++ {
		if i > 0 {
			d = append(d, descSeps[r.IntN(len(descSeps))]...)
		}
		d = append(d, escDesc[r.IntN(len(escDesc))]...)
	}
	if n > 0 && r.IntN(8) == 0 {
		d = append(d, ' ')
		d = append(d, escEmoji[emojiTable.pick(r)]...)
	}
	g.desc = d
	var linkText []byte
	var linkTco uint64
	if n > 0 && r.IntN(30) == 0 {
		linkTco = r.Uint64()
		linkText = append(append(append(g.link[:0], "youtube.com/c/"...), firstNames[h.first]...), lastNames[h.last]...)
		g.link = linkText
	}
	dst = append(dst, `, "description": "`...)
	if linkText != nil {
		dst = append(append(dst, linkText...), ' ')
	}
	dst = append(dst, d...)
	dst = append(dst, `", "rawDescription": "`...)
	if linkText != nil {
		dst = appendRandChars(append(dst, "https://t.co/"...), linkTco, 10, base62)
		dst = append(dst, ' ')
	}
	dst = append(dst, d...)
	dst = append(dst, `", "descriptionUrls": [`...)
	if linkText != nil {
		dst = append(dst, `{"text": "`...)
		dst = append(dst, linkText...)
		dst = append(dst, `", "url": "https://`...)
		dst = append(dst, linkText...)
		dst = append(dst, `", "tcourl": "https://t.co/`...)
		dst = appendRandChars(dst, linkTco, 10, base62)
		dst = append(dst, `", "indices": [0, 23]}`...)
	}
	dst = append(dst, `], "verified": `...)
	dst = strconv.AppendBool(dst, h.verified)
	dst = append(dst, `, "created": "`...)
	dst = appendDate(dst, h.created)

	var followers, friends, statuses, faves int64
	if h.curated {
		followers = 50_000 + r.Int64N(20_000_000)
		if h.verified {
			followers += r.Int64N(40_000_000)
		}
		friends = r.Int64N(3000)
		statuses = 5000 + r.Int64N(200_000)
		faves = r.Int64N(50_000)
	} else {
		followers = g.magnitude(&followersTable)
		friends = g.magnitude(&friendsTable)
		statuses = g.magnitude(&statusesTable) + 1
		faves = g.magnitude(&favesTable)
	}
	dst = append(dst, `", "followersCount": `...)
	dst = strconv.AppendInt(dst, followers, 10)
	dst = append(dst, `, "friendsCount": `...)
	dst = strconv.AppendInt(dst, friends, 10)
	dst = append(dst, `, "statusesCount": `...)
	dst = strconv.AppendInt(dst, statuses, 10)
	dst = append(dst, `, "favouritesCount": `...)
	dst = strconv.AppendInt(dst, faves, 10)
	dst = append(dst, `, "listedCount": `...)
	dst = strconv.AppendInt(dst, followers/(20+r.Int64N(200)), 10)
	dst = append(dst, `, "mediaCount": `...)
	dst = strconv.AppendInt(dst, statuses/(3+r.Int64N(20)), 10)
	dst = append(dst, `, "location": "`...)
	if r.IntN(100) >= 45 {
		dst = append(dst, escLocations[r.IntN(len(escLocations))]...)
	}
	dst = append(dst, `", "protected": false, "linkUrl": `...)
	if r.IntN(100) < 18 {
		dst = append(dst, '"')
		switch r.IntN(4) {
		case 0:
			dst = append(dst, "https://www.instagram.com/"...)
			n := len(dst)
			dst = append(dst, h.uname...)
			lowerASCII(dst[n:])
		case 1:
			dst = append(dst, "https://www.youtube.com/channel/UC"...)
			dst = appendRandChars(dst, r.Uint64(), 10, base64url)
			dst = appendRandChars(dst, r.Uint64(), 10, base64url)
			dst = appendRandChars(dst, r.Uint64(), 2, base64url)
		case 2:
			dst = append(dst, "https://www.facebook.com/"...)
			dst = append(dst, h.uname...)
		default:
			dst = append(dst, "http://www."...)
			n := len(dst)
			dst = append(append(dst, firstNames[h.first]...), lastNames[h.last]...)
			lowerASCII(dst[n:])
			dst = append(dst, ".com"...)
		}
		dst = append(dst, `", "linkTcourl": "https://t.co/`...)
		dst = appendRandChars(dst, r.Uint64(), 10, base62)
		dst = append(dst, '"')
	} else {
		dst = append(dst, `null, "linkTcourl": null`...)
	}
	dst = append(dst, `, "profileImageUrl": "`...)
	if r.IntN(100) < 5 {
		dst = append(dst, "https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png"...)
	} else {
		t := max(h.created, twitterEpochMs/1000+86400)
		t += r.Int64N(tScrape - 86400 - t)
		dst = append(dst, "https://pbs.twimg.com/profile_images/"...)
		dst = strconv.AppendInt(dst, snowflake(t*1000, r.Uint64()), 10)
		dst = append(dst, '/')
		dst = appendRandChars(dst, r.Uint64(), 8, base64url)
		exts := [...]string{"_normal.jpg", "_normal.jpg", "_normal.jpg", "_normal.jpg", "_normal.jpg", "_normal.png", "_normal.jpeg"}
		dst = append(dst, exts[r.IntN(len(exts))]...)
	}
	dst = append(dst, `", "profileBannerUrl": `...)
	if r.IntN(100) < 30 {
		dst = append(dst, "null"...)
	} else {
		t := max(h.created, 1346457600) // banners exist from 2012-09
		t += r.Int64N(tScrape - 3600 - t)
		dst = append(dst, `"https://pbs.twimg.com/profile_banners/`...)
		dst = strconv.AppendInt(dst, h.id, 10)
		dst = append(dst, '/')
		dst = strconv.AppendInt(dst, t, 10)
		dst = append(dst, '"')
	}
	dst = append(dst, `, "url": "https://twitter.com/`...)
	dst = append(dst, h.uname...)
	return append(dst, `"}`...)
}

// appendMedia appends a non-empty media list: photos (1-4), a video with its
// variants, or an animated gif, with snscrape's field names.
func (g *generator) appendMedia(dst []byte, sec int64) []byte {
	r := g.r
	dst = append(dst, '[')
	switch x := r.IntN(100); {
	case x < 72:
		n := 1
		switch y := r.IntN(100); {
		case y < 10:
			n = 2
		case y < 16:
			n = 3
		case y < 25:
			n = 4
		}
		for i := 0; i < n; i++ {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			key := r.Uint64()
			dst = append(dst, `{"previewUrl": "https://pbs.twimg.com/media/Eu`...)
			dst = appendRandChars(dst, key, 10, base64url)
			dst = appendRandChars(dst, key>>60|r.Uint64()<<4, 3, base64url)
			k := dst[len(dst)-15:]
			dst = append(dst, `?format=jpg&name=small", "fullUrl": "https://pbs.twimg.com/media/`...)
			dst = append(dst, k...)
			dst = append(dst, `?format=jpg&name=large", "type": "photo"}`...)
		}
	case x < 96:
		mid := snowflake((sec-int64(r.IntN(600)))*1000, r.Uint64())
		dst = append(dst, `{"thumbnailUrl": "https://pbs.twimg.com/ext_tw_video_thumb/`...)
		dst = strconv.AppendInt(dst, mid, 10)
		dst = append(dst, "/pu/img/"...)
		dst = appendRandChars(dst, r.Uint64(), 10, base64url)
		dst = appendRandChars(dst, r.Uint64(), 6, base64url)
		dst = append(dst, `.jpg", "variants": [`...)
		sizes := [...][3]string{
			{"320x568", "480x852", "720x1280"}, {"480x270", "640x360", "1280x720"}, {"320x320", "480x480", "720x720"},
		}[r.IntN(3)]
		rates := [...]string{"256000", "832000", "2176000"}
		nv := 1 + r.IntN(3)
		m3u8At := r.IntN(nv + 1)
		for i := 0; i <= nv; i++ {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			if i == m3u8At {
				dst = append(dst, `{"contentType": "application/x-mpegURL", "url": "https://video.twimg.com/ext_tw_video/`...)
				dst = strconv.AppendInt(dst, mid, 10)
				dst = append(dst, "/pu/pl/"...)
				dst = appendRandChars(dst, r.Uint64(), 10, base64url)
				dst = appendRandChars(dst, r.Uint64(), 6, base64url)
				dst = append(dst, `.m3u8?tag=10", "bitrate": null}`...)
				continue
			}
			v := i
			if i > m3u8At {
				v--
			}
			dst = append(dst, `{"contentType": "video/mp4", "url": "https://video.twimg.com/ext_tw_video/`...)
			dst = strconv.AppendInt(dst, mid, 10)
			dst = append(dst, "/pu/vid/"...)
			dst = append(dst, sizes[v]...)
			dst = append(dst, '/')
			dst = appendRandChars(dst, r.Uint64(), 10, base64url)
			dst = appendRandChars(dst, r.Uint64(), 6, base64url)
			dst = append(dst, `.mp4?tag=10", "bitrate": `...)
			dst = append(dst, rates[v]...)
			dst = append(dst, '}')
		}
		ms := 2000 + r.Int64N(138_000)
		dst = append(dst, `], "duration": `...)
		dst = appendSeconds(dst, ms)
		dst = append(dst, `, "type": "video"}`...)
	default:
		key := r.Uint64()
		dst = append(dst, `{"thumbnailUrl": "https://pbs.twimg.com/tweet_video_thumb/Eu`...)
		dst = appendRandChars(dst, key, 10, base64url)
		dst = appendRandChars(dst, r.Uint64(), 3, base64url)
		k := dst[len(dst)-15:]
		dst = append(dst, `.jpg", "variants": [{"contentType": "video/mp4", "url": "https://video.twimg.com/tweet_video/`...)
		dst = append(dst, k...)
		dst = append(dst, `.mp4", "bitrate": 0}], "type": "gif"}`...)
	}
	return append(dst, ']')
}

// appendSeconds writes milliseconds as Python's repr of ms/1000 would:
// shortest decimal, at least one fractional digit (30.0, 139.934).
func appendSeconds(dst []byte, ms int64) []byte {
	dst = strconv.AppendInt(dst, ms/1000, 10)
	dst = append(dst, '.')
	f := ms % 1000
	switch {
	case f == 0:
		return append(dst, '0')
	case f%100 == 0:
		return append(dst, byte('0'+f/100))
	case f%10 == 0:
		return append(dst, byte('0'+f/100), byte('0'+f/10%10))
	}
	return append(dst, byte('0'+f/100), byte('0'+f/10%10), byte('0'+f%10))
}
