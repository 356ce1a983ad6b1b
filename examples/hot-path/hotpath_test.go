package hotpath

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func source(key string) string { return "v-" + key }

func get(t *testing.T, s *Server, method, target string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec.Code, rec.Body.String()
}

func TestServer(t *testing.T) {
	s := NewServer(2, 4, source)
	for _, tc := range []struct {
		method, target string
		code           int
		body           string
	}{
		{"GET", "/item?key=a", 200, "v-a"},
		{"GET", "/item?key=a", 200, "v-a"},
		{"GET", "/item?key=b", 200, "v-b"},
		{"GET", "/item?key=c", 200, "v-c"}, // evicts a or b
		{"GET", "/item", 400, "missing key\n"},
		{"POST", "/transfer?from=0&to=1&amount=10", 200, "1"},
		{"POST", "/transfer?from=0&to=9&amount=10", 409, ErrNoAccount.Error() + "\n"},
		{"POST", "/transfer?from=2&to=1&amount=2000000", 409, ErrFunds.Error() + "\n"},
		{"GET", "/transfer?from=0&to=1&amount=10", 405, "use POST\n"},
		{"POST", "/admin/freeze", 200, "ok\n"},
		{"POST", "/transfer?from=0&to=1&amount=10", 409, ErrFrozen.Error() + "\n"},
		{"POST", "/admin/freeze?frozen=false", 200, "ok\n"},
		{"POST", "/transfer?from=0&to=1&amount=10", 200, "2"},
		{"POST", "/admin/config?max_batch=8&read_only=true", 200, "max_batch=8 read_only=true\n"},
		{"POST", "/admin/flush", 200, "flushed 2\n"},
		{"GET", "/nowhere", 404, "404 page not found\n"},
	} {
		code, body := get(t, s, tc.method, tc.target)
		if code != tc.code || body != tc.body {
			t.Errorf("%s %s = %d %q, want %d %q", tc.method, tc.target, code, body, tc.code, tc.body)
		}
	}
	if got := s.cache.Len(); got != 0 {
		t.Errorf("cache holds %d entries after the flush", got)
	}
	if got, want := s.ledger.Total(), int64(4*1_000_000); got != want {
		t.Errorf("ledger total %d, want %d", got, want)
	}
}

func TestItemsAndCache(t *testing.T) {
	s := NewServer(8, 1, source)
	get(t, s, "GET", "/item?key=x")
	get(t, s, "GET", "/item?key=z")
	if code, body := get(t, s, "GET", "/items?keys=x,y,z"); code != 200 || body != "v-x\n\nv-z" {
		t.Errorf("/items = %d %q", code, body)
	}
	c := NewCache(3)
	for i := 0; i < 10; i++ {
		c.Put(fmt.Sprint(i), "v")
		if c.Len() > 3 {
			t.Fatalf("cache of 3 holds %d", c.Len())
		}
	}
	if v, ok := c.Get("9"); !ok || v != "v" {
		t.Errorf("Get(9) = %q, %v; the last put must stay", v, ok)
	}
}

func TestLedgerReset(t *testing.T) {
	l := NewLedger(3, 5)
	if err := l.Reset([]int64{1, -1, 3}); err != ErrFunds {
		t.Fatalf("Reset with a negative balance: %v", err)
	}
	if b, _ := l.Balance(0); b != 5 {
		t.Errorf("a failed reset left balance %d, want 5 (rolled back)", b)
	}
	if err := l.Reset([]int64{1, 2, 3}); err != nil || l.Total() != 6 {
		t.Errorf("Reset: %v, total %d", err, l.Total())
	}
}

// writer is a reusable http.ResponseWriter that keeps nothing, so that the
// benchmark measures the service, not a recorder's allocations.
type writer struct {
	h    http.Header
	n    int
	code int
}

func (w *writer) Header() http.Header         { return w.h }
func (w *writer) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }
func (w *writer) WriteHeader(code int)        { w.code = code }

// mix returns the benchmark's requests: per 20, 14 reads of one key (from 512
// keys, over a cache of 384: mostly hits, some misses that fill it), 3 batch
// reads of 8 keys, 3 transfers.
func mix() []*http.Request {
	var reqs []*http.Request
	for i := 0; i < 1000; i++ {
		var target, method = "", "GET"
		switch k := i * 7919 % 512; i % 20 {
		case 3, 9, 15:
			keys := make([]string, 8)
			for j := range keys {
				keys[j] = fmt.Sprint("k", (k+j*61)%512)
			}
			target = "/items?keys=" + strings.Join(keys, ",")
		case 6, 12, 18:
			method = "POST"
			target = fmt.Sprintf("/transfer?from=%d&to=%d&amount=%d", i%64, (i*31+1)%64, 1+i%100)
		default:
			target = fmt.Sprint("/item?key=k", k)
		}
		reqs = append(reqs, httptest.NewRequest(method, target, nil))
	}
	return reqs
}

// BenchmarkHotPath drives the handler with the request mix above, one request
// per iteration, as a load test would.
func BenchmarkHotPath(b *testing.B) {
	s := NewServer(384, 64, source)
	reqs := mix()
	w := &writer{h: make(http.Header)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		clear(w.h)
		s.ServeHTTP(w, reqs[i%len(reqs)])
	}
}

// BenchmarkCache is the cache alone: 9 reads for each write.
func BenchmarkCache(b *testing.B) {
	c := NewCache(384)
	keys := make([]string, 512)
	for i := range keys {
		keys[i] = fmt.Sprint("k", i)
		c.Put(keys[i], "v")
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := keys[i*7919%len(keys)]
		if i%10 == 0 {
			c.Put(k, "v")
		} else {
			c.Get(k)
		}
	}
}
