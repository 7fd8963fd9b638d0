/// The status page's one script: listen to `/events` and swap in a fresh `<main>` when told.
///
/// Kept tiny and dependency-free. The page is complete without it; with it, a change in the store
/// (a step starting, a deployment ending, a push queued) shows within about a second.
enum PageScript {
    static let source = """
        (function(){
          var live=document.getElementById('live');
          var note=document.getElementById('live-note');
          if(note)note.textContent='connecting…';
          function refresh(){
            fetch(location.pathname+location.search,{credentials:'same-origin',headers:{'Accept':'text/html'}})
              .then(function(r){return r.ok?r.text():null})
              .then(function(t){if(!t)return;var d=new DOMParser().parseFromString(t,'text/html');
                var m=d.getElementById('live');if(m){live.innerHTML=m.innerHTML;}})
              .catch(function(){});
          }
          if(!window.EventSource){setInterval(refresh,5000);return;}
          var es=new EventSource('/events');
          es.addEventListener('changed',refresh);
          es.onopen=function(){var n=document.getElementById('live-note');if(n)n.textContent='live';};
          es.onerror=function(){var n=document.getElementById('live-note');if(n)n.textContent='reconnecting…';};
        })();
        """
}
