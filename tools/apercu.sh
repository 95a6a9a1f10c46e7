#!/usr/bin/env bash
# Previews of pull requests on a static-hosting branch (.github/workflows/preview.yml), with git only.
#
#   tools/apercu.sh publier <numéro> [dossier]   copies the built site (output/ by default) into
#                                               apercu/pr-<numéro>/ of the branch, replacing it;
#   tools/apercu.sh retirer <numéro>             removes apercu/pr-<numéro>/ from the branch.
#
# Environment: APERCU_REMOTE (git remote name or URL, default « origin »), APERCU_BRANCHE (default
# « gh-pages », created if absent). The branch root gets .nojekyll (files served as they are) and a
# robots.txt that keeps every preview out of search engines. Concurrent runs (other pull requests)
# are handled by retrying on a rejected push, each time from the branch's latest commit.
set -euo pipefail

action="${1:-}"
number="${2:-}"
source_dir="${3:-output}"
remote="${APERCU_REMOTE:-origin}"
branch="${APERCU_BRANCHE:-gh-pages}"

case "$action" in publier|retirer) ;; *) echo "usage : $0 publier|retirer <numéro> [dossier]" >&2; exit 2;; esac
[[ "$number" =~ ^[0-9]+$ ]] || { echo "numéro de pull request invalide : « $number »" >&2; exit 2; }
if [ "$action" = publier ]; then
  [ -f "$source_dir/index.html" ] || { echo "site construit absent : $source_dir/index.html" >&2; exit 1; }
  source_dir="$(cd "$source_dir" && pwd)"
fi
folder="apercu/pr-$number"

repo="$(git rev-parse --show-toplevel)"  # its remote and credentials (actions/checkout) are used
work="$(mktemp -d)/branche"
ref="refs/apercu/$branch"
cleanup() {
  git -C "$repo" worktree remove --force "$work" 2>/dev/null || rm -rf "$work"
  git -C "$repo" worktree prune
  git -C "$repo" update-ref -d "$ref" 2>/dev/null || true
}
trap cleanup EXIT
git -C "$repo" worktree add -q --detach "$work" HEAD
cd "$work"
commit() {
  git -c user.name="${APERCU_AUTEUR:-github-actions[bot]}" \
      -c user.email="${APERCU_COURRIEL:-41898282+github-actions[bot]@users.noreply.github.com}" commit -q -m "$1"
}

for attempt in 1 2 3 4 5; do
  if git fetch -q --depth=1 "$remote" "+refs/heads/$branch:$ref" 2>/dev/null; then
    git checkout -q --detach "$ref"
  else
    git checkout -q --orphan "apercu-$number-$attempt"
    git rm -rqf --cached . >/dev/null 2>&1 || true
  fi
  git clean -qfdx
  if [ "$action" = publier ]; then
    rm -rf "$folder"
    mkdir -p "$folder"
    cp -R "$source_dir/." "$folder/"
    message="Aperçu de la pull request #$number"
  else
    [ -e "$folder" ] || { echo "Aucun aperçu à retirer pour la pull request #$number."; exit 0; }
    rm -rf "$folder"
    message="Retrait de l'aperçu de la pull request #$number"
  fi
  [ -e .nojekyll ] || : > .nojekyll
  [ -e robots.txt ] || printf 'User-agent: *\nDisallow: /\n' > robots.txt
  git add -A
  if git diff --cached --quiet; then
    echo "Rien à changer sur la branche $branch."
    exit 0
  fi
  commit "$message"
  if git push -q "$remote" "HEAD:refs/heads/$branch"; then
    echo "$message : $folder/ sur la branche $branch."
    exit 0
  fi
  echo "Publication refusée (autre publication en cours ?), nouvel essai ($attempt/5)…" >&2
  sleep $((attempt * 3))
done
echo "La branche $branch n'a pas pu être mise à jour." >&2
exit 1
