/*
 * Search from the file system: browsers do not start web workers for file:// pages, so the offline copies run
 * the search worker in a hidden frame instead. Loaded only by the offline copies (handbook/offline.py), in place
 * of the https://unpkg.com/iframe-worker/shim script that Material's offline plugin would load from a CDN; it
 * does the same job (same global name, which Material's worker checks) and nothing is fetched from the network.
 */
(function () {
  "use strict"

  function IFrameWorker(url) {
    var target = document.createDocumentFragment()
    var worker = this
    var iframe = document.createElement("iframe")
    iframe.hidden = true
    iframe.setAttribute("aria-hidden", "true")
    iframe.tabIndex = -1
    document.body.appendChild(iframe)
    var scope = iframe.contentWindow
    var src = new URL(url, location.href).href

    worker.onmessage = null
    worker.onerror = null
    worker.addEventListener = target.addEventListener.bind(target)
    worker.removeEventListener = target.removeEventListener.bind(target)
    worker.dispatchEvent = target.dispatchEvent.bind(target)

    /* The worker's side: postMessage answers the page, importScripts loads scripts in order */
    scope.postMessage = function (data) {
      setTimeout(function () {
        var ev = new MessageEvent("message", { data: data })
        worker.dispatchEvent(ev)
        if (typeof worker.onmessage === "function")
          worker.onmessage(ev)
      }, 0)
    }
    scope.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments)
      return urls.reduce(function (done, next) {
        return done.then(function () { return load(new URL(next, src).href) })
      }, Promise.resolve())
    }
    scope.close = function () { worker.terminate() }

    function load(href) {
      return new Promise(function (resolve, reject) {
        var script = scope.document.createElement("script")
        script.src = href
        script.onload = function () { resolve() }
        script.onerror = function () {
          var ev = new ErrorEvent("error", { message: "Cannot load " + href, filename: href })
          worker.dispatchEvent(ev)
          if (typeof worker.onerror === "function")
            worker.onerror(ev)
          reject(new Error(ev.message))
        }
        scope.document.body.appendChild(script)
      })
    }

    /* The page's side: messages wait until the worker script has run */
    var ready = load(src)
    worker.postMessage = function (data) {
      ready.then(function () {
        scope.dispatchEvent(new scope.MessageEvent("message", { data: data }))
      })
    }
    worker.terminate = function () {
      iframe.remove()
      worker.postMessage = function () {}
    }
  }

  window.IFrameWorker = IFrameWorker
  if (location.protocol === "file:")
    window.Worker = IFrameWorker
})()
