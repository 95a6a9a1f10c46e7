#!/usr/bin/env bash
# Previews of pull requests on the static-hosting branch of the preview repository, with git only.
# Run by .github/workflows/apercu-publier.yml and apercu-menage.yml (main's code, never a branch's).
#
#   tools/apercu.sh adresse <numéro>             prints the preview address, APERCU_URL/apercu/pr-<n>
#                                               (the one scheme: the build and the comment use it);
#   tools/apercu.sh origine-distincte <site>...  fails when APERCU_URL has the origin of one of the
#                                               given site addresses (previews must not share it);
#   tools/apercu.sh publier <numéro> [dossier]   copies the built site (output/ by default) into
#                                               apercu/pr-<numéro>/ of the branch, replacing it;
#   tools/apercu.sh retirer <numéro>             removes apercu/pr-<numéro>/ from the branch;
#   tools/apercu.sh elaguer [numéro...]          removes every apercu/pr-*/ whose number is not given
#                                               (the open pull requests).
#
# Environment: APERCU_REMOTE (URL or path of the preview repository; required by publier, retirer,
# elaguer), APERCU_JETON (token allowed to write there only; given to git through a credential
# helper that reads the variable, never on a command line), APERCU_BRANCHE (default « gh-pages »,
# created if absent), APERCU_URL (base address of the previews). The built site is data: symbolic
# links, hidden .git entries and oversized trees are refused. The branch root gets .nojekyll (files
# served as they are) and a robots.txt that keeps every preview out of search engines. Concurrent runs
# are handled by retrying on a rejected push, each time from the branch's latest commit.
set -euo pipefail

action="${1:-}"
branch="${APERCU_BRANCHE:-gh-pages}"
max_bytes="${APERCU_TAILLE_MAX:-524288000}"   # 500 MB: a preview larger than this is refused

die() { echo "$1" >&2; exit "${2:-1}"; }

# scheme://host[:port] of an address, lower-cased (default ports dropped); empty when not http(s).
origin() {
  local url="${1,,}" scheme rest host
  case "$url" in https://*|http://*) ;; *) return 0 ;; esac
  scheme="${url%%://*}"
  rest="${url#*://}"
  host="${rest%%[/?#]*}"
  host="${host##*@}"
  if [ "$scheme" = https ]; then host="${host%:443}"; else host="${host%:80}"; fi
  printf '%s://%s\n' "$scheme" "$host"
}

number_arg() {
  [[ "${1:-}" =~ ^[0-9]+$ ]] || die "numéro de pull request invalide : « ${1:-} »" 2
}

case "$action" in
  adresse)
    number_arg "${2:-}"
    [ -n "$(origin "${APERCU_URL:-}")" ] || die "APERCU_URL (adresse https:// des aperçus) n'est pas définie." 1
    printf '%s/apercu/pr-%s\n' "${APERCU_URL%/}" "$2"
    exit 0 ;;
  origine-distincte)
    shift
    previews="$(origin "${APERCU_URL:-}")"
    [ -n "$previews" ] || die "APERCU_URL (adresse https:// des aperçus) n'est pas définie." 1
    for site in "$@"; do
      if [ -n "$site" ] && [ "$(origin "$site")" = "$previews" ]; then
        die "Les aperçus ($previews) ont la même origine que le site ($site) : un aperçu pourrait lire ou modifier ce que le site garde dans le navigateur. Publiez les aperçus sur un autre domaine (variable APERCU_URL)." 1
      fi
    done
    echo "Origine des aperçus : $previews (distincte du site)."
    exit 0 ;;
  publier|retirer) number_arg "${2:-}" ;;
  elaguer) shift; for n in "$@"; do number_arg "$n"; done ;;
  *) die "usage : $0 adresse|origine-distincte|publier|retirer|elaguer …" 2 ;;
esac

remote="${APERCU_REMOTE:-}"
[ -n "$remote" ] || die "APERCU_REMOTE (dépôt des aperçus) n'est pas défini." 1

if [ "$action" = publier ]; then
  number="$2"
  source_dir="${3:-output}"
  [ -f "$source_dir/index.html" ] || die "site construit absent : $source_dir/index.html"
  source_dir="$(cd "$source_dir" && pwd)"
  # The artifact comes from a pull request's build: data only, checked before it is copied.
  if [ -n "$(find "$source_dir" -type l -print -quit)" ]; then
    die "le site construit contient un lien symbolique : aperçu refusé."
  fi
  if [ -n "$(find "$source_dir" -name .git -print -quit)" ]; then
    die "le site construit contient une entrée .git : aperçu refusé."
  fi
  size="$(du -sb "$source_dir" | cut -f1)"
  [ "$size" -le "$max_bytes" ] || die "le site construit dépasse $max_bytes octets : aperçu refusé."
elif [ "$action" = retirer ]; then
  number="$2"
else
  keep=" $* "
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q
# The token reaches git through this helper, which reads the environment: never in argv or .git/config.
# shellcheck disable=SC2016  # expanded by git's shell when it asks, not here
git config credential.helper '!f() { test -n "$APERCU_JETON" && echo username=x-access-token && echo "password=$APERCU_JETON"; }; f'
commit() {
  git -c user.name="${APERCU_AUTEUR:-github-actions[bot]}" \
      -c user.email="${APERCU_COURRIEL:-41898282+github-actions[bot]@users.noreply.github.com}" commit -q -m "$1"
}

for attempt in 1 2 3 4 5; do
  if git fetch -q --depth=1 "$remote" "+refs/heads/$branch:refs/remotes/apercu/$branch" 2>/dev/null; then
    git checkout -q -f --detach "refs/remotes/apercu/$branch"
  else
    git checkout -q -f --orphan "apercu-$attempt"
    git rm -rqf --cached . >/dev/null 2>&1 || true
  fi
  git clean -qfdx
  case "$action" in
    publier)
      folder="apercu/pr-$number"
      rm -rf "$folder"
      mkdir -p "$folder"
      cp -R "$source_dir/." "$folder/"
      message="Aperçu de la pull request #$number" ;;
    retirer)
      folder="apercu/pr-$number"
      [ -e "$folder" ] || { echo "Aucun aperçu à retirer pour la pull request #$number."; exit 0; }
      rm -rf "$folder"
      message="Retrait de l'aperçu de la pull request #$number" ;;
    elaguer)
      removed=""
      for dir in apercu/pr-*; do
        [ -d "$dir" ] || continue
        n="${dir#apercu/pr-}"
        case "$keep" in *" $n "*) ;; *) rm -rf "$dir"; removed="$removed #$n" ;; esac
      done
      message="Retrait des aperçus des pull requests fermées :$removed" ;;
  esac
  [ -e .nojekyll ] || : > .nojekyll
  [ -e robots.txt ] || printf 'User-agent: *\nDisallow: /\n' > robots.txt
  git add -A
  if git diff --cached --quiet; then
    echo "Rien à changer sur la branche $branch."
    exit 0
  fi
  commit "$message"
  if git push -q "$remote" "HEAD:refs/heads/$branch"; then
    echo "$message : branche $branch."
    exit 0
  fi
  echo "Publication refusée (autre publication en cours ?), nouvel essai ($attempt/5)…" >&2
  sleep $((attempt * 3))
done
die "La branche $branch n'a pas pu être mise à jour."
