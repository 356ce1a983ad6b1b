package hotpath

import (
	"net/http"
	"strconv"
	"strings"
)

// Server is the service's HTTP handler:
//
//	GET  /item?key=K                  the value of K (from the cache, else the source)
//	GET  /items?keys=K1,K2,...        the values of several keys, one per line
//	POST /transfer?from=A&to=B&amount=N  a ledger transfer; answers its sequence number
//	GET  /admin/config, POST /admin/config?max_batch=N&read_only=B
//	POST /admin/flush, POST /admin/freeze
//
// The /admin paths are the cold ones: operators call them, load does not.
type Server struct {
	cache  *Cache
	ledger *Ledger
	config *Config
	// source is the slow backing store the cache stands in front of.
	source func(key string) string
}

// NewServer returns a server with a cache of cacheSize entries, a ledger of
// accounts accounts, and source as the backing store.
func NewServer(cacheSize, accounts int, source func(string) string) *Server {
	return &Server{
		cache:  NewCache(cacheSize),
		ledger: NewLedger(accounts, 1_000_000),
		config: NewConfig(),
		source: source,
	}
}

// ServeHTTP routes a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/item":
		s.item(w, r)
	case "/items":
		s.items(w, r)
	case "/transfer":
		s.transfer(w, r)
	case "/admin/config":
		s.adminConfig(w, r)
	case "/admin/flush":
		s.adminFlush(w, r)
	case "/admin/freeze":
		s.adminFreeze(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (s *Server) item(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Query().Get("key")
	if key == "" {
		http.Error(w, "missing key", http.StatusBadRequest)
		return
	}
	v, ok := s.cache.Get(key)
	if !ok {
		v = s.source(key)
		s.cache.Put(key, v)
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte(v))
}

func (s *Server) items(w http.ResponseWriter, r *http.Request) {
	keys := strings.Split(r.URL.Query().Get("keys"), ",")
	vals := s.cache.GetMany(keys, make([]string, 0, len(keys)))
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte(strings.Join(vals, "\n")))
}

func (s *Server) transfer(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "use POST", http.StatusMethodNotAllowed)
		return
	}
	q := r.URL.Query()
	from, err1 := strconv.Atoi(q.Get("from"))
	to, err2 := strconv.Atoi(q.Get("to"))
	amount, err3 := strconv.ParseInt(q.Get("amount"), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		http.Error(w, "bad transfer", http.StatusBadRequest)
		return
	}
	seq, err := s.ledger.Transfer(from, to, amount)
	if err != nil {
		http.Error(w, err.Error(), http.StatusConflict)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write(strconv.AppendUint(nil, seq, 10))
}
