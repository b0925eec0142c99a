# ctest fixture script: writes the reference outputs that
# ar_tokenizer_oracle_tests compare against.
#   -DPYTHON=...      python with `tokenizers` (and `transformers` for chat templates)
#   -DSCRIPT_DIR=...  tests/tokenizer
#   -DCORPUS=...      tests/data/tokenizer/corpus.txt
#   -DASSET_LIST=...  lines "name|tokenizer.json|model dir (or empty)"
#   -DOUT_DIR=...     where <name>.json and <name>.chat.json are written
# Missing tokenizer assets are skipped here with a warning; their tests then
# fail and say which script creates the asset.

if(NOT EXISTS "${PYTHON}")
  message(FATAL_ERROR
    "Oracle python '${PYTHON}' does not exist. Create the venv with scripts/prepare_assets.sh, or "
    "configure with -DAR_ORACLE_PYTHON=/path/to/python (it needs the `tokenizers` and `transformers` packages).")
endif()

file(MAKE_DIRECTORY "${OUT_DIR}")
file(STRINGS "${ASSET_LIST}" assets)
set(failures "")
foreach(asset IN LISTS assets)
  string(REPLACE "|" ";" fields "${asset}")
  list(GET fields 0 name)
  list(GET fields 1 tokenizer_json)
  list(LENGTH fields field_count)
  set(model_dir "")
  if(field_count GREATER 2)
    list(GET fields 2 model_dir)
  endif()
  # Never leave a stale reference behind for an asset that has disappeared.
  file(REMOVE "${OUT_DIR}/${name}.json" "${OUT_DIR}/${name}.chat.json")
  if(NOT EXISTS "${tokenizer_json}")
    message(WARNING "tokenizer asset '${name}' is missing (${tokenizer_json}); its oracle test will fail")
    continue()
  endif()
  execute_process(
    COMMAND "${PYTHON}" "${SCRIPT_DIR}/oracle_encode.py" "${tokenizer_json}" "${CORPUS}" "${OUT_DIR}/${name}.json"
    RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    list(APPEND failures "oracle_encode.py ${name}")
  endif()
  if(NOT model_dir STREQUAL "")
    execute_process(
      COMMAND "${PYTHON}" "${SCRIPT_DIR}/oracle_chat.py" "${model_dir}" "${OUT_DIR}/${name}.chat.json"
      RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
      list(APPEND failures "oracle_chat.py ${name}")
    endif()
  endif()
  message(STATUS "oracle outputs written for ${name}")
endforeach()

if(failures)
  message(FATAL_ERROR "Oracle scripts failed: ${failures}")
endif()
