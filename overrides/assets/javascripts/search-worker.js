/*
 * The handbook's search worker: one language per index, diacritic- and script-insensitive matching.
 *
 * This file is not loaded on its own. At build time hooks/search_language.py writes it, followed by Material's own
 * search worker, into assets/javascripts/workers/search-handbook.<hash>.min.js and points the page's
 * configuration at that file (see handbook/search_index.py). This prelude runs first and
 *
 *  1. folds every indexed token and every query to one form, so that `krijumcarenje` finds `krijumčarenje`,
 *     `zrtva` finds `žrtva` and `trgovija so lugje` finds `трговија со луѓе` (fold());
 *  2. strips one inflectional ending from each query word (Material already matches every query word as a
 *     prefix), so that `trafikimit` finds `trafikimi`, `krijumčarenja` finds `krijumčarenje` (stem());
 *  3. loads the language's sections only when the reader first searches: the page hands the worker an index
 *     without documents plus the address of the documents (search_docs.json), fetched on the first query;
 *  4. reports the matched words as they are written in the text (`луѓе`, not `lugj`), so that Material's
 *     highlighting on the target page (`?h=`) and the "missing" terms read naturally.
 *
 * Offline copies (file://) get the documents inline with the index (search/search_index.js), as Material does.
 */
(function (scope) {
  "use strict"

  /* Material's message types (integrations/search/worker/message) */
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3

  /* ------------------------------------------------------------------------
   * Folding: one form for Latin with or without diacritics and for Cyrillic
   * --------------------------------------------------------------------- */

  /* Macedonian (and Serbian) Cyrillic to Latin, after the Macedonian romanization with the digraphs that typed
   * input converges on: ж, ш, ч, џ and typed zh/ž, sh/š, ch/č, dzh/dž all end up as z, s, c, dz below. */
  var LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ѓ": "gj", "е": "e", "ж": "z", "з": "z", "ѕ": "dz",
    "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "ќ": "kj", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "c", "џ": "dz",
    "ш": "s", "ђ": "d", "ћ": "c", "ѐ": "e", "ѝ": "i", "й": "j", "ё": "e", "ю": "ju", "я": "ja", "щ": "st",
    "ъ": "", "ь": "", "ы": "y", "э": "e", "є": "je", "і": "i", "ї": "ji", "ґ": "g",
    /* Latin letters that do not decompose into letter + mark */
    "đ": "d", "ǵ": "gj", "ḱ": "kj", "ß": "ss", "æ": "ae", "ø": "o", "ł": "l", "ı": "i", "œ": "oe"
  }
  var SPECIAL = /[\u0400-\u04ff\u0111\u01f5\u1e31\u00df\u00e6\u00f8\u0142\u0131\u0153]/g
  var MARKS = /\p{M}+/gu
  var EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu
  var cache = new Map()

  /**
   * Fold one word: lower case, Cyrillic to Latin, no diacritics, zh/sh/ch to z/s/c, dj to d, no punctuation
   * around it. Both the index (through Lunr's pipeline) and the query go through this function.
   */
  function fold(word) {
    var hit = cache.get(word)
    if (hit !== undefined)
      return hit
    var value = word.toLowerCase().normalize("NFC")
      .replace(SPECIAL, function (ch) { return LETTERS[ch] !== undefined ? LETTERS[ch] : ch })
      .normalize("NFKD")
      .replace(MARKS, "")
      .replace(/([zsc])h+/g, "$1")
      .replace(/dj/g, "d")
      .replace(EDGES, "")
    if (cache.size < 50000)
      cache.set(word, value)
    return value
  }

  /* ------------------------------------------------------------------------
   * Light stemming of query words (the index keeps whole words)
   * --------------------------------------------------------------------- */

  /* Endings are written folded (ë -> e, ć -> c) and tried longest first; one ending is removed (Macedonian: a
   * definite article, then a final vowel), and at least STEM letters stay. A stemmed word still matches as a
   * prefix, so `krijumcarenj` finds krijumčarenje, krijumčarenja and krijumčarenjem. */
  var ENDINGS = {
    en: ["sses:ss", "ies", "ing", "ed", "s"],
    sq: ["ave", "eve", "ive", "it", "ut", "in", "un", "es", "en", "et", "ne", "te", "ve", "ja", "je", "a", "e",
         "i", "u"],
    bs: ["ama", "ima", "ega", "emu", "oga", "omu", "om", "em", "og", "eg", "oj", "ih", "im", "a", "e", "i", "o",
         "u"],
    mk: ["ite", "ata", "ot", "ta", "to", "te", "ov", "ve", "vo", "va", "on", "na", "no", "ne"],
    vowels: ["a", "e", "i", "o", "u"]
  }
  ENDINGS.hr = ENDINGS.bs
  ENDINGS.mk = ENDINGS.mk.concat(ENDINGS.bs)
  for (var key in ENDINGS)
    ENDINGS[key].sort(function (a, b) { return b.split(":")[0].length - a.split(":")[0].length })
  var STEM = 4

  function strip(word, endings) {
    for (var i = 0; i < endings.length; i++) {
      var parts = endings[i].split(":")
      var ending = parts[0], replacement = parts[1] || ""
      if (word.length - ending.length >= STEM && word.slice(-ending.length) === ending)
        return word.slice(0, -ending.length) + replacement
    }
    return word
  }

  function stem(word, lang) {
    if (lang === "mk") {
      var bare = strip(word, ENDINGS.mk)
      return bare === word || bare.length > STEM ? strip(bare, ENDINGS.vowels) : bare
    }
    return strip(word, ENDINGS[lang] || [])
  }

  /**
   * Fold and stem every word of a query, keeping Material's query syntax (+, -, *, ~, ^, quotes, fields).
   * Material matches every query word as a prefix; a word of one or two letters that is not the last one (`so`
   * in `trgovija so lugje`, `i`, `u`, `në`) is matched as a whole word instead (`so~0`), or it would match every
   * word that starts with those letters. Returns the new query and, for each folded term, the word as typed.
   */
  function transformQuery(query, lang) {
    var typed = {}
    var words = /([\p{L}\p{M}\p{N}]+)([*:]|[~^]\d*)?/gu
    var last = -1, match
    while ((match = words.exec(query)) !== null)
      last = match.index
    var value = query.replace(words, function (match, word, operator, offset, whole) {
      if (operator === ":")
        return match.toLowerCase()
      var term = fold(word)
      if (!term)
        return match
      var before = offset > 0 ? whole.charAt(offset - 1) : ""
      if (!operator && /^\p{L}/u.test(term)) {
        term = stem(term, lang)
        if (term.length <= 2 && offset !== last && !/[+\-]/.test(before))
          operator = "~0"
      }
      typed[term] = word
      return term + (operator || "")
    })
    return { query: value, typed: typed }
  }

  /* ------------------------------------------------------------------------
   * Terms as written in the text, for highlighting on the target page
   * --------------------------------------------------------------------- */

  function markedWords(item) {
    var words = []
    var re = /<mark[^>]*>([\s\S]*?)<\/mark>/g
    var fields = [item.title, item.text]
    for (var f = 0; f < fields.length; f++) {
      if (typeof fields[f] !== "string")
        continue
      var match
      while ((match = re.exec(fields[f])) !== null) {
        var parts = match[1].replace(/<[^>]*>/g, " ").split(/\s+/)
        for (var p = 0; p < parts.length; p++) {
          var word = parts[p].replace(EDGES, "")
          if (word && words.indexOf(word) < 0)
            words.push(word)
        }
      }
    }
    return words
  }

  function rewriteTerms(result, typed) {
    var groups = (result && result.items) || []
    for (var g = 0; g < groups.length; g++)
      for (var i = 0; i < groups[g].length; i++) {
        var item = groups[g][i]
        if (!item.terms)
          continue
        var words = markedWords(item)
        var terms = {}
        for (var term in item.terms) {
          if (!item.terms[term]) {
            terms[typed[term] || term] = false
            continue
          }
          var found = false
          for (var w = 0; w < words.length; w++)
            if (fold(words[w]).indexOf(term) === 0) {
              terms[words[w]] = true
              found = true
            }
          if (!found)
            terms[typed[term] || term] = true
        }
        item.terms = terms
      }
    return result
  }

  /* ------------------------------------------------------------------------
   * Lunr: fold tokens in the indexing and the search pipeline
   * --------------------------------------------------------------------- */

  function foldToken(token) {
    var value = fold(token.toString())
    return value ? token.update(function () { return value }) : undefined
  }

  function insertFold(pipeline) {
    var stack = pipeline._stack
    if (stack.indexOf(foldToken) >= 0)
      return
    var lunr = scope.lunr
    var at = lunr && lunr.trimmer ? stack.indexOf(lunr.trimmer) : -1
    stack.splice(at < 0 ? stack.length : at, 0, foldToken)
  }

  function patchLunr() {
    var lunr = scope.lunr
    if (!lunr || lunr.__handbookFold)
      return
    lunr.__handbookFold = true
    lunr.Pipeline.registerFunction(foldToken, "handbookFold")
    var add = lunr.Builder.prototype.add
    lunr.Builder.prototype.add = function (doc, attributes) {
      insertFold(this.pipeline)
      insertFold(this.searchPipeline)
      return add.call(this, doc, attributes)
    }
  }

  /* ------------------------------------------------------------------------
   * Messages: between the page and Material's worker
   * --------------------------------------------------------------------- */

  if (typeof scope.addEventListener !== "function" || typeof scope.postMessage !== "function") {
    if (typeof module === "object" && module.exports)
      module.exports = { fold: fold, stem: stem, transformQuery: transformQuery, rewriteTerms: rewriteTerms }
    return
  }

  var post = scope.postMessage
  var own = typeof WeakSet === "function" ? new WeakSet() : null
  var lang = "en"
  var setup = null          /* setup message held back until the documents are loaded */
  var state = "idle"        /* idle -> loading -> ready (lazy), or ready at once (documents inline) */
  var waiting = null        /* latest query received while loading */
  var typedQueue = []       /* words typed, per query forwarded to Material, in order */

  function send(data) {
    post.call(scope, data)
  }

  function forward(data) {
    var ev = new MessageEvent("message", { data: data })
    if (own)
      own.add(ev)
    else
      ev.__handbook = true
    scope.dispatchEvent(ev)
  }

  function forwardQuery(query) {
    var folded = transformQuery(query, lang)
    typedQueue.push(folded.typed)
    forward({ type: QUERY, data: folded.query })
  }

  function load() {
    state = "loading"
    var url = new URL(setup.config.handbook.docs, scope.location.href)
    fetch(url.href)
      .then(function (res) {
        if (!res.ok)
          throw new Error(res.status + " " + res.statusText)
        return res.json()
      })
      .then(function (data) {
        setup.docs = data.docs
        patchLunr()
        forward({ type: SETUP, data: setup })
      })
      .catch(function (err) {
        console.warn("Search: cannot load " + url.href, err)
        state = "idle"
        waiting = null
        send({ type: RESULT, data: { items: [] } })
      })
  }

  /* Messages from Material's worker to the page */
  scope.postMessage = function (message) {
    if (message && message.type === READY && state === "loading") {
      state = "ready"
      if (waiting !== null) {
        var query = waiting
        waiting = null
        forwardQuery(query)
      }
      return
    }
    if (message && message.type === RESULT)
      rewriteTerms(message.data, typedQueue.shift() || {})
    return post.apply(scope, arguments)
  }

  /* Messages from the page, before Material's worker (registered after this listener) sees them */
  scope.addEventListener("message", function (ev) {
    if (own ? own.has(ev) : ev.__handbook)
      return
    ev.stopImmediatePropagation()
    var message = ev.data || {}
    switch (message.type) {
      case SETUP:
        var config = message.data.config || {}
        lang = (config.handbook && config.handbook.lang) || "en"
        if (message.data.docs && message.data.docs.length || !(config.handbook && config.handbook.docs)) {
          state = "ready"
          patchLunr()
          forward(message)
        } else {
          setup = message.data
          state = "idle"
          send({ type: READY })
        }
        break
      case QUERY:
        if (state === "ready") {
          forwardQuery(message.data)
        } else if (!String(message.data).trim()) {
          send({ type: RESULT, data: { items: [] } })
        } else {
          waiting = message.data
          if (state === "idle")
            load()
        }
        break
      default:
        forward(message)
    }
  })
})(typeof self !== "undefined" ? self : this)
