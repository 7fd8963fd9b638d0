/// The files `gantry init` writes: a commented three-environment pipeline in the
/// releases/current/shared layout, and the configuration file template it renders.
enum ScaffoldFiles {
    /// `pipelines/<name>.yml`. `name` is already a safe name (letters, digits, `-`, `_`): it is
    /// written into paths and a systemd unit name unquoted.
    static func pipeline(name: String) -> String {
        """
        # \(name): one artifact per commit, promoted development → staging → production.
        #
        # Written by `gantry init`. Put your hosts below, add their keys to known_hosts, then:
        #   gantry validate                         check this file (every error with file:line:column)
        #   gantry plan \(name) development   every command as it would run, nothing runs
        #   gantry build \(name)                    build the artifact of HEAD, once
        #   gantry deploy \(name) development --artifact TAG
        #   gantry promote \(name) staging          then production, through its approval and window
        #
        # Every host gets the layout Capistrano users know:
        #   /srv/\(name)/releases/<artifact tag>/    one folder per release, unpacked from the artifact
        #   /srv/\(name)/current -> releases/<tag>   the release that runs, switched in one step
        #   /srv/\(name)/shared/                     what outlives releases: app.env, logs, uploads
        version: 1

        artifact:
          tag: "${git.short_sha}"                # the same tag travels through every environment
          # Runs on this machine in a clean export of the commit (never your working tree).
          build: "mkdir -p dist && tar czf dist/\(name).tgz --exclude=./dist ."
          file: dist/\(name).tgz                 # kept by Gantry; `upload:` copies it to each host

        hosts:                                   # documentation addresses: put yours here
          dev-1:     { address: 192.0.2.10, user: deploy }
          staging-1: { address: 192.0.2.20, user: deploy }
          prod-1:    { address: 192.0.2.30, user: deploy }
          prod-2:    { address: 192.0.2.31, user: deploy }

        groups:
          prod: [prod-1, prod-2]

        ssh:
          identity: ~/.ssh/gantry_ed25519        # use an ed25519 key (RSA keys are refused)
          known_hosts: ~/.ssh/known_hosts        # host keys are always verified: add each host's line first
          connect_timeout: 10s
          command_timeout: 10m
          parallel: 10                           # hosts at once

        vars:                                    # environments may override these
          APP: /srv/\(name)
          APP_PORT: "3000"
          LOG_LEVEL: info

        # Names only; values never live in this repository. For environment E, NAME comes from
        # GANTRY_SECRET_E_NAME, else GANTRY_SECRET_NAME, else ~/.config/gantry/secrets/E.env
        # (mode 0600). Example: secrets: [DATABASE_URL], then a line
        # DATABASE_URL=${secrets.DATABASE_URL} in templates/files/app.env.
        secrets: []

        environments:
          development:
            branch: main                         # with `gantry hooks install`, a push to main deploys here
            hosts: [dev-1]
            vars: { LOG_LEVEL: debug }

          staging:
            from: development                    # only artifacts that succeeded in development
            tags: "v*"                           # pushing a v* tag promotes that commit's artifact here
            hosts: [staging-1]

          production:
            from: staging
            hosts: [prod]
            rollout: { batch: 1, halt_on_failure: true }   # one host at a time; a failure rolls back
            approval:
              required: 1                        # one approval, by anyone but the requester
              # approvers: [alice, bob]          # or only these login names
              expires: 24h
            windows:
              timezone: UTC                      # an IANA zone, e.g. Europe/London
              allow:
                - { days: [mon, tue, wed, thu], from: "09:00", to: "17:00" }
              # freeze:
              #   - { from: "2026-12-20T00:00", to: "2027-01-04T00:00", reason: "Holiday freeze" }

        steps:                                   # in order, on every host of the environment
          - name: prepare
            run: "mkdir -p ${vars.APP}/releases ${vars.APP}/shared"
          - name: upload
            upload: { to: "${vars.APP}/releases/${artifact.tag}.tgz" }
          - name: unpack
            run: "mkdir -p ${vars.APP}/releases/${artifact.tag} && tar xzf ${vars.APP}/releases/${artifact.tag}.tgz -C ${vars.APP}/releases/${artifact.tag} && rm -f ${vars.APP}/releases/${artifact.tag}.tgz"
          - name: config                         # rendered per environment and host; secrets never logged
            file: { template: templates/files/app.env, to: "${vars.APP}/shared/app.env", mode: "0600" }
          - name: link-shared
            run: "ln -sfn ${vars.APP}/shared/app.env ${vars.APP}/releases/${artifact.tag}/.env"
          # - name: migrate
          #   run_once: true                     # on one host, before any host switches
          #   migration: true
          #   run: "cd ${vars.APP}/releases/${artifact.tag} && ./bin/migrate"
          - name: switch                         # atomic: a new link renamed over `current`
            run: "ln -sfn ${vars.APP}/releases/${artifact.tag} ${vars.APP}/current.next && mv -T ${vars.APP}/current.next ${vars.APP}/current"
          - name: restart                        # however your app picks up a new release
            run: "sudo systemctl restart \(name)"
          - name: health                         # waits up to about 20 s for the app to answer
            run: "curl -fsS http://localhost:${vars.APP_PORT}/health"
            retries: 10
            retry_delay: 2s
            timeout: 10s

        # After a successful deployment, old release folders are removed on each host: the newest
        # `keep` stay, and the running and the previous release are never removed.
        releases: { path: "${vars.APP}/releases", keep: 5 }

        rollback:                                # only when a rollout halts, on the hosts it changed
          - name: relink-previous
            run: "ln -sfn ${vars.APP}/releases/${previous.tag} ${vars.APP}/current.next && mv -T ${vars.APP}/current.next ${vars.APP}/current && sudo systemctl restart \(name)"

        """
    }

    /// `templates/files/app.env`; comments are rendered too, so they hold no references.
    static let appEnv = """
        # Rendered by Gantry for each environment and host at deploy time, to shared/app.env (mode 0600).
        # Values are inserted as written. Secrets: list their names under `secrets:` in the pipeline
        # and reference them here, as its comment shows.
        APP_ENV=${env.name}
        PORT=${vars.APP_PORT}
        LOG_LEVEL=${vars.LOG_LEVEL}
        RELEASE=${artifact.tag}

        """

    /// What `.gitignore` gets: Gantry's state folder (the SQLite store and kept artifact files).
    static let gitignoreEntry = ".gantry/"
}
